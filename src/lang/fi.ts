// The element's Finnish texts, opt-in: `import 'pin-control/lang/fi'`, or
// with the single-file bundle one more static, SRI-checkable
// `<script type="module" src=".../lang/fi.js">`. English is built in; a
// page without this module shows English where `lang` says fi.
import { registerTexts } from '../texts.js';

registerTexts('fi', {
  frameTitleView: 'Kortin PIN-koodi',
  frameTitleSet: 'Valitse kortin PIN-koodi',
  loading: 'Ladataan suojattua PIN-näkymää…',
  readyView: 'Odotetaan suojattua PIN-näkymää…',
  readySet: 'Kirjoita uusi PIN-koodi suojattuun kehykseen, kun se pyytää sitä.',
  successView: 'PIN-koodi näytetty.',
  successSet: 'Uusi PIN-koodisi on asetettu.',
  viewError: 'PIN-koodia ei voitu näyttää.',
  retry: 'Yritä uudelleen',
  'token-request-failed': 'PIN-palveluun ei saatu yhteyttä.',
  'token-response-invalid': 'PIN-palvelu vastasi odottamattomasti.',
  'token-timeout': 'PIN-palvelu ei vastannut ajoissa.',
  'frame-unresponsive':
    'Suojattu PIN-näkymä ei vastannut. Ylläpitäjälle: tarkista, että sivun origin on rekisteröity avaimelle, että frame-key on oikein ja ettei mikään estä kehystä.',
  'frame-origin-refused': 'Suojattu PIN-näkymä tulee osoitteesta, jota ei ole sallittu.',
  'frame-load-timeout': 'Suojattu PIN-näkymä ei latautunut.',
  'token-expired': 'Istunto vanheni.',
  'retries-exhausted': 'Tämä ei onnistunut uusista yrityksistä huolimatta.',
  unauthorized: 'Et ole enää kirjautunut sisään. Kirjaudu uudelleen jatkaaksesi.',
  forbidden: 'PIN-palvelu ei hyväksynyt tämän sivun pyyntöä. Lataa sivu uudelleen. Jos se ei auta, ota yhteyttä asiakaspalveluun.',
  conflict: 'Tämän kortin PIN-koodia ei voi tässä vaiheessa näyttää eikä asettaa. Ota tarvittaessa yhteyttä kortin myöntäjään.',
  'rate-limited': 'Liian monta yritystä lyhyessä ajassa.',
  unavailable: 'PIN-palvelu ei ole juuri nyt käytettävissä.',
  network: 'PIN-palveluun ei saatu yhteyttä. Tarkista verkkoyhteytesi.',
  timeout: 'PIN-palvelu ei vastannut ajoissa.',
  'invalid-response': 'PIN-palvelu antoi odottamattoman vastauksen.',
  retryWait: 'Odota {time} ja yritä sitten uudelleen.',
  retryReady: 'Voit nyt yrittää uudelleen.',
  expiredNotice: 'Suojattu istunto vanheni. Kirjoita uusi PIN-koodi uudelleen.',
  closeNotice: 'Sulje ilmoitus',
});
