// The element's Swedish texts, opt-in: `import 'pin-control/lang/sv'`, or
// with the single-file bundle one more static, SRI-checkable
// `<script type="module" src=".../lang/sv.js">`. English is built in; a
// page without this module shows English where `lang` says sv.
import { registerTexts } from '../texts.js';

registerTexts('sv', {
  frameTitleView: 'Kortets PIN-kod',
  frameTitleSet: 'Välj kortets PIN-kod',
  loading: 'Den säkra PIN-vyn laddas…',
  readyView: 'Väntar på den säkra PIN-vyn…',
  readySet: 'Skriv din nya PIN-kod i den säkra ramen när den ber om den.',
  successView: 'PIN-koden visades.',
  successSet: 'Din nya PIN-kod har ställts in.',
  viewError: 'PIN-koden kunde inte visas.',
  retry: 'Försök igen',
  'token-request-failed': 'PIN-tjänsten kunde inte nås.',
  'token-response-invalid': 'PIN-tjänsten gav ett oväntat svar.',
  'token-timeout': 'PIN-tjänsten svarade inte i tid.',
  'frame-unresponsive':
    'Den säkra PIN-vyn svarade inte. Till ägaren: kontrollera att sidans origin är registrerat för nyckeln, att frame-key är rätt och att inget blockerar ramen.',
  'frame-origin-refused': 'Den säkra PIN-vyn kommer från en adress som inte är tillåten.',
  'frame-load-timeout': 'Den säkra PIN-vyn laddades inte.',
  'token-expired': 'Sessionen gick ut.',
  'retries-exhausted': 'Det lyckades inte, inte ens efter nya försök.',
  unauthorized: 'Du är inte längre inloggad. Logga in igen för att fortsätta.',
  forbidden: 'PIN-tjänsten godtog inte begäran från den här sidan. Ladda om sidan. Om det inte hjälper, kontakta kundtjänst.',
  conflict: 'Kortets PIN-kod kan inte visas eller ställas in i det här skedet. Kontakta kortutgivaren om du behöver hjälp.',
  'rate-limited': 'För många försök på kort tid.',
  unavailable: 'PIN-tjänsten är inte tillgänglig just nu.',
  network: 'Det gick inte att ansluta till PIN-tjänsten. Kontrollera din internetanslutning.',
  timeout: 'PIN-tjänsten svarade inte i tid.',
  'invalid-response': 'PIN-tjänsten gav ett oväntat svar.',
  retryWait: 'Vänta {time} och försök sedan igen.',
  retryReady: 'Nu kan du försöka igen.',
  expiredNotice: 'Den säkra sessionen gick ut. Skriv din nya PIN-kod igen.',
  closeNotice: 'Stäng meddelandet',
});
