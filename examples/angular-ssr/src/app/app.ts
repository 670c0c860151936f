// The client-rendered example's component (examples/angular), repeated on purpose: each example is
// meant to be copied on its own. Nothing in it changes for server rendering.
import { Component, CUSTOM_ELEMENTS_SCHEMA, ElementRef, signal, viewChild } from '@angular/core';
import 'pin-control/define';
import type { PinControl } from 'pin-control';
import { tokenProvider } from './token-provider';

/** The sandbox's origin, fixed at build time (PIN_FRAME_ORIGIN, see scripts/ng.mjs). */
declare const PIN_FRAME_ORIGIN: string;

@Component({
  selector: 'app-root',
  // The one line Angular needs for a custom element. It also means Angular
  // checks no input of <pin-control> (`[mode]="123"` compiles); events are typed.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  templateUrl: './app.html',
  styleUrl: './app.css',
})
export class App {
  protected readonly frameOrigins = PIN_FRAME_ORIGIN;
  protected readonly tokenProvider = tokenProvider;
  protected readonly mode = signal<'view' | 'set'>('view');
  protected readonly pinValid = signal<'unknown' | 'true' | 'false'>('unknown');
  protected readonly events = signal<string[]>([]);
  private readonly pin = viewChild.required<ElementRef<PinControl>>('pin');

  protected log(line: string): void {
    this.events.update((lines) => [...lines, line]);
  }

  protected onValid(valid: boolean): void {
    this.pinValid.set(valid ? 'true' : 'false');
    this.log(`pin-valid: ${valid}`);
  }

  /** Nothing is typed in a new frame (a switch, a retry) or once the flow has failed. */
  protected forgetPinValid(line: string): void {
    this.pinValid.set('unknown');
    this.log(line);
  }

  protected setPin(): void {
    this.pin().nativeElement.setPin();
  }
}
