import { Component, CUSTOM_ELEMENTS_SCHEMA } from '@angular/core';
import 'pin-control/define';

// Deliberately wrong: `npm run typetest` runs ngc (strict templates) on this.
// The wrong detail field must be reported. The wrong input type is NOT
// reported: with CUSTOM_ELEMENTS_SCHEMA Angular checks no input of the tag.
@Component({
  selector: 'app-wrong',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <pin-control frame-key="demo" [mode]="123"></pin-control>
    <pin-control frame-key="demo" (pin-valid)="seen = $event.detail.validd"></pin-control>
  `,
})
export class Wrong {
  protected seen: unknown;
}
