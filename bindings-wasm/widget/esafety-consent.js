// <esafety-consent>: the image-consent web component for school websites.
//
// It renders one yes/no question per channel the school asks about (nothing pre-selected),
// records the parent's answers through the esafety WebAssembly core (which validates every
// channel, state and id and keeps the hash-chained ledger), emits the resulting events as JSON
// in an `esafety-consent` DOM event and, when `post-url` is set, POSTs them there.
// It decides nothing: where each channel stands, whether yes/no is offered, what "no" records
// (a withdrawal of this carer's own yes, or a refusal) and which uses cannot be recalled all
// come from the core (`ConsentLedger.consentForm`, `ConsentLedger.recordAnswer`).
//
// Usage:
//   <esafety-consent pupil="p-123" carer="c-456" lang="en" post-url="/consent">
//     <script type="application/json">{"channels": ["school_website", "press_media"],
//       "notice": {"id": "image-consent", "version": "2025-1", "url": "/privacy"}}</script>
//   </esafety-consent>
//   <script type="module">
//     import { defineConsentWidget } from 'esafety/widget/esafety-consent.js';
//     await defineConsentWidget();
//   </script>
//
// Attributes: pupil, carer (ids), lang (`en` or `cy`), post-url, relationship,
// parental-responsibility (`false` to mark a carer without it; their answers then do not
// count, as the core decides), now (an RFC 3339 instant, for tests and demos; default: the
// browser clock). Properties: `config` (object), `ledgerJson` (an exported ledger, to show
// current answers and continue its chain).

import init, { ConsentLedger } from '../pkg/widget/esafety_wasm.js';
import { channelText, text } from './i18n.js';

let ready = null;

/** Loads the WebAssembly core once and defines the element. */
export function defineConsentWidget(wasmUrl) {
  if (!ready) {
    ready = init(wasmUrl).then(() => {
      if (!customElements.get('esafety-consent')) customElements.define('esafety-consent', EsafetyConsent);
    });
  }
  return ready;
}

let instances = 0;

export class EsafetyConsent extends HTMLElement {
  static get observedAttributes() { return ['lang']; }

  constructor() {
    super();
    this.uid = `esc${++instances}`;
    this._config = null;
    this._ledgerJson = null;
  }

  get config() {
    if (this._config) return this._config;
    const script = this.querySelector('script[type="application/json"]');
    // Cached: rendering replaces the element's content, script included.
    if (script) this._config = JSON.parse(script.textContent);
    return this._config || { channels: [] };
  }
  set config(value) { this._config = value; this.render(); }

  get ledgerJson() { return this._ledgerJson; }
  set ledgerJson(value) { this._ledgerJson = value; this.render(); }

  connectedCallback() { this.render(); }
  attributeChangedCallback() { if (this.isConnected) this.render(); }

  /** The instant answers are recorded at. */
  now() { return this.getAttribute('now') || new Date().toISOString(); }

  /** A ledger holding the school's configuration and any earlier answers. */
  ledger() {
    return this._ledgerJson
      ? ConsentLedger.fromJson(this._ledgerJson)
      : ConsentLedger.withConfig(JSON.stringify(this.config));
  }

  render() {
    const lang = this.getAttribute('lang') === 'cy' ? 'cy' : 'en';
    const t = text(lang);
    const config = this.config;
    const pupil = this.getAttribute('pupil') || '';
    let ledger = null, problem = null;
    try { ledger = this.ledger(); } catch (e) { problem = e; }
    const at = this.now();
    const notice = config.notice || {};

    if (this.getAttribute('lang') !== lang) this.setAttribute('lang', lang); // same value: no re-render loop
    this.innerHTML = '';
    const formEl = el('form', { class: 'esc-form', novalidate: '' });
    formEl.append(el('h2', { id: `${this.uid}-h` }, t.heading), el('p', {}, t.intro));
    if (notice.url) {
      const p = el('p');
      p.append(el('a', { href: notice.url }, t.noticeLink));
      if (notice.version) p.append(` (${t.noticeVersion(notice.version)})`);
      formEl.append(p);
    }
    formEl.setAttribute('aria-labelledby', `${this.uid}-h`);

    // Every rule (current answers, what "no" records, who may answer, what cannot be
    // recalled) comes from the core's consent form; this loop only renders it.
    let form = null;
    if (ledger && !problem) {
      try { form = ledger.consentForm(pupil, this.getAttribute('carer') || '', at); } catch (e) { problem = e; }
    }
    for (const item of form ? form.channels : []) {
      const channel = item.channel;
      const [label, description] = channelText(lang, channel);
      const id = `${this.uid}-${channel.replace(/[^a-z0-9]/g, '-')}`;
      const fs = el('fieldset', { class: 'esc-channel', 'data-channel': channel, 'data-current': item.state });
      fs.append(el('legend', {}, label));
      fs.append(el('p', { id: `${id}-desc`, class: 'esc-desc' }, description));
      fs.append(el('p', { id: `${id}-now`, class: `esc-now esc-${item.status}` }, t.current[item.status] || item.status));
      if (!item.canAnswer && !item.canWithdraw) {
        formEl.append(fs);
        continue;
      }
      const noLabel = item.noRecords === 'withdrawn' ? t.withdraw : t.no;
      // Where the core offers "withdraw" alone (a restriction, a leaver), no "yes" is shown.
      const choices = item.canAnswer ? [['yes', t.yes], ['no', noLabel]] : [['no', noLabel]];
      for (const [value, labelText] of choices) {
        const input = el('input', {
          type: 'radio', name: id, id: `${id}-${value}`, value,
          'aria-describedby': `${id}-desc ${id}-now`,
        });
        const row = el('div', { class: 'esc-choice' });
        row.append(input, el('label', { for: `${id}-${value}` }, labelText));
        fs.append(row);
      }
      if (!item.recallable) fs.append(el('p', { class: 'esc-note' }, t.printedNote));
      formEl.append(fs);
    }

    const status = el('div', { class: 'esc-status', role: 'status', 'aria-live': 'polite' });
    const alert = el('div', { class: 'esc-alert', role: 'alert' });
    const save = el('button', { type: 'submit', class: 'esc-save' }, t.save);
    formEl.append(alert, save, status);
    if (problem) alert.textContent = t.invalid(problem.code || 'invalid_configuration');
    formEl.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit(formEl, { t, save, status, alert });
    });
    this.append(formEl);
  }

  /** Records the chosen answers through the core, then emits and optionally POSTs them. */
  async submit(form, { t, save, status, alert }) {
    alert.textContent = '';
    status.textContent = '';
    const chosen = [...form.querySelectorAll('fieldset.esc-channel')]
      .map(fs => ({ fs, input: fs.querySelector('input:checked') }))
      .filter(x => x.input);
    if (!chosen.length) {
      alert.textContent = t.nothingChosen;
      return;
    }
    const at = this.now();
    const pupil = this.getAttribute('pupil') || '';
    const carer = this.getAttribute('carer') || '';
    const options = {
      method: 'widget',
      noticeVersion: (this.config.notice || {}).version ?? null,
      relationship: this.getAttribute('relationship') || null,
    };
    // Left out unless the page says so: the core's default applies.
    const responsibility = this.getAttribute('parental-responsibility');
    if (responsibility !== null) options.parentalResponsibility = responsibility !== 'false';
    let ledger, before;
    try {
      ledger = this.ledger();
      before = ledger.toJSON().entries.length;
      for (const { fs, input } of chosen) {
        ledger.recordAnswer(pupil, carer, fs.dataset.channel, input.value, at, options);
      }
    } catch (e) {
      alert.textContent = t.invalid(e.code || 'error');
      return;
    }
    const ledgerJson = JSON.stringify(ledger);
    const events = JSON.parse(ledgerJson).entries.slice(before);
    this._ledgerJson = ledgerJson;
    this.dispatchEvent(new CustomEvent('esafety-consent', {
      bubbles: true, composed: true, detail: { events, ledger: ledgerJson },
    }));
    const postUrl = this.getAttribute('post-url');
    if (postUrl) {
      save.disabled = true;
      save.textContent = t.saving;
      try {
        const response = await fetch(postUrl, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }),
        });
        if (!response.ok) throw new Error(String(response.status));
      } catch {
        save.disabled = false;
        save.textContent = t.save;
        alert.textContent = t.postFailed;
        return;
      }
    }
    this.render();
    this.querySelector('.esc-status').textContent = t.saved(events.length);
  }
}

function el(tag, attrs = {}, content) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (content !== undefined) node.textContent = content;
  return node;
}
