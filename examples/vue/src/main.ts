import { createApp } from 'vue';
import 'pin-control/define'; // registers <pin-control> (client only: the server render does not need it)
import 'pin-control/vue'; // its template types (types only: an empty module at run time)
import './style.css';
import App from './App.vue';

createApp(App).mount('#app');
