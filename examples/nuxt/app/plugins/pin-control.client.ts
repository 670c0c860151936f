// `.client`: runs in the browser only, before the app mounts. The first import
// registers <pin-control>; the second gives vue-tsc its template types (an
// empty module at run time) for every component of the app.
import 'pin-control/define';
import 'pin-control/vue';

export default defineNuxtPlugin(() => {});
