// The shopper's page: the sale's state on the server's clock, one purchase per click (with the sale's challenge),
// then the order followed to its end. A plain ES module with no dependencies: it must load fast in the opening
// second of a sale. Buying needs a signed-in shopper: the page keeps an ID token (Cognito's hosted UI in AWS, the
// local identity provider on ./flashsale local, as /auth-config.json says) and sends it in Authorization.

const params = new URLSearchParams(location.search);
const saleId = params.get('sale') || 'demo';
const $ = (id) => document.getElementById(id);
const els = {
  name: $('sale-name'), description: $('description'), price: $('price'), status: $('status'),
  countdown: $('countdown'), remaining: $('remaining'), form: $('buy-form'), user: $('user'), buy: $('buy'),
  who: $('who'), userLabel: $('user-label'),
  challengeForm: $('challenge-form'), question: $('question'), answer: $('answer'), submitAnswer: $('submit-answer'),
  result: $('result'), payForm: $('pay-form'), payDeadline: $('pay-deadline'), payMethod: $('pay-method'),
  pay: $('pay'),
};

const STATUS_TEXT = {
  UPCOMING: 'Starts soon', OPEN: 'On sale now', SOLD_OUT: 'Sold out', ENDED: 'This sale has ended',
  WAIT: 'Your turn is coming',
};
// Every error the API gives, in a shopper's words. {s}: the seconds from Retry-After.
const ERROR_TEXT = {
  SOLD_OUT: 'Sorry — it sold out.',
  ALREADY_PURCHASED: 'You already bought this item. One per shopper.',
  SALE_NOT_OPEN: 'The sale is not open for you yet — try again in {s} s.',
  SALE_NOT_FOUND: 'This sale does not exist.',
  INVALID_REQUEST: 'That request was not accepted. Please reload the page and try again.',
  UNAUTHORIZED: 'Please sign in again.',
  FORBIDDEN: 'That is not allowed for this account.',
  PAYLOAD_TOO_LARGE: 'That request was too large.',
  THROTTLED: 'Too many requests right now — try again in {s} s.',
  RATE_LIMITED: 'Too many requests — try again in {s} s.',
  OVERLOADED: 'We are very busy — try again in {s} s.',
  UNAVAILABLE: 'We could not take your order just now — nothing was charged. Try again in {s} s.',
  BLOCKED: 'Purchases from this account or network are blocked.',
  CHALLENGE_REQUIRED: 'Please answer the question first.',
  CHALLENGE_FAILED: 'That answer was not accepted. Please try again.',
  ORDER_NOT_FOUND: 'We could not find that order.',
  ORDER_NOT_PAYABLE: 'This order cannot be paid now.',
  ORDER_EXPIRED: 'Too late — the order was not paid in time and the item went back on sale.',
  PAYMENT_DECLINED: 'Your payment was declined — nothing was charged. Try another way to pay.',
  PAYMENT_PENDING: 'The payment did not go through in time — try again; you will never be charged twice.',
  INTERNAL_ERROR: 'Something went wrong on our side. Please try again.',
};

let sale = null;
let clockOffsetMs = 0; // server time minus local time, corrected for half the round trip
let busy = false;      // a request for this click is in flight
let done = false;      // bought (or already had): the button stays off
let challenge = null;  // the challenge being answered
let payment = null;    // {orderId, payBy}: a confirmed order waiting to be paid
let paying = false;    // a payment request is in flight

let auth = { mode: 'local' }; // /auth-config.json, once loaded
const configured = fetch('/auth-config.json').then((r) => r.json()).then((c) => { auth = c; }).catch(() => {});
let session = JSON.parse(sessionStorage.getItem('flashsale.session') || 'null'); // {token, expiresAt, shopper}

const serverNow = () => Date.now() + clockOffsetMs;
const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const claimsOf = (token) => JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
const signedIn = () => session && Date.parse(session.expiresAt) > Date.now() + 30000;

function keep(token, expiresAt) {
  const claims = claimsOf(token);
  session = { token, expiresAt, shopper: claims.sub, name: claims.email || claims['cognito:username'] || claims.sub };
  sessionStorage.setItem('flashsale.session', JSON.stringify(session));
  showWho();
}

function showWho() {
  const on = signedIn();
  els.who.hidden = !on;
  els.who.textContent = on ? `Signed in as ${session.name}` : '';
  els.user.hidden = on || auth.mode !== 'local';
  els.userLabel.hidden = on;
}

// Locally the runner is the identity provider: ?user=NAME (or the name typed here) signs in with no extra step.
async function signInLocally(name) {
  const response = await fetch(auth.tokenUrl, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ shopper: name }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message || 'sign-in failed');
  keep(body.token, body.expiresAt);
}

// In AWS: Cognito's hosted UI, authorization code with PKCE. The state is a random nonce kept in this tab (with
// the sale to come back to) and checked on return: a code that another page sent here is not exchanged.
async function signInWithCognito() {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('flashsale.pkce', verifier);
  sessionStorage.setItem('flashsale.oauth', JSON.stringify({ state, sale: saleId }));
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  location.assign(`${auth.domain}/oauth2/authorize?${new URLSearchParams({
    response_type: 'code', client_id: auth.clientId, redirect_uri: auth.redirectUri, scope: 'openid email',
    code_challenge_method: 'S256', code_challenge: challenge, state })}`);
}

async function finishCognitoSignIn(code) {
  const pending = JSON.parse(sessionStorage.getItem('flashsale.oauth') || 'null');
  sessionStorage.removeItem('flashsale.oauth'); // one use
  if (!pending || !pending.state || params.get('state') !== pending.state) {
    history.replaceState(null, '', `/?sale=${encodeURIComponent(saleId)}`);
    showResult('bad', 'That sign-in could not be checked. Please sign in again.');
    return;
  }
  const response = await fetch(`${auth.domain}/oauth2/token`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: auth.clientId, code,
      redirect_uri: auth.redirectUri, code_verifier: sessionStorage.getItem('flashsale.pkce') || '' }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error('sign-in failed');
  keep(body.id_token, new Date(claimsOf(body.id_token).exp * 1000).toISOString());
  history.replaceState(null, '', `/?sale=${encodeURIComponent(pending.sale || saleId)}`);
}

async function signIn() {
  await configured;
  if (auth.mode === 'cognito') return signInWithCognito();
  const name = els.user.value.trim();
  if (!name) {
    showResult('bad', 'Enter your shopper name to sign in.');
    els.user.focus();
    return;
  }
  localStorage.setItem('flashsale.user', name);
  await signInLocally(name);
}

els.user.value = params.get('user') || localStorage.getItem('flashsale.user') || '';

async function start() {
  await configured;
  if (auth.mode === 'cognito' && params.get('code')) await finishCognitoSignIn(params.get('code'));
  const wanted = params.get('user') || localStorage.getItem('flashsale.user') || '';
  if (auth.mode === 'local') {
    if (wanted && (!signedIn() || session.shopper !== wanted)) await signInLocally(wanted).catch(() => {});
  }
  showWho();
}

async function api(path, options = {}) {
  const headers = { Accept: 'application/json', ...options.headers };
  // The sale's own GET is the same for everyone (one edge cache entry): it never carries the token.
  if (signedIn() && !options.anonymous) headers.Authorization = session.token;
  const { anonymous, ...request } = options;
  const response = await fetch(path, { ...request, headers });
  if (response.status === 401) { session = null; sessionStorage.removeItem('flashsale.session'); showWho(); }
  const body = await response.json().catch(() => ({}));
  return { response, body };
}

// Hashcash with Web Crypto: a nonce whose SHA-256 over "<challengeId>:<nonce>" starts with `bits` zero bits.
async function work(challengeId, bits) {
  const encoder = new TextEncoder();
  const zeros = (d) => { let n = 0; for (const b of d) { if (b) return n + Math.clz32(b) - 24; n += 8; } return n; };
  for (let base = 0; ; base += 256) {
    const batch = await Promise.all(Array.from({ length: 256 }, (_, i) =>
      crypto.subtle.digest('SHA-256', encoder.encode(`${challengeId}:${base + i}`))));
    const found = batch.findIndex((d) => zeros(new Uint8Array(d)) >= bits);
    if (found >= 0) return String(base + found);
  }
}

// The shopper's own start (the opening plus their jitter): told only to them, at a signed-in route, once.
let myStart = null; // {shopper, buyableAt}
async function loadMyStart() {
  if (!signedIn() || (myStart && myStart.shopper === session.shopper)) return;
  const shopper = session.shopper;
  const { response, body } = await api(`/api/sales/${encodeURIComponent(saleId)}/me`);
  if (response.ok && signedIn() && session.shopper === shopper) {
    myStart = { shopper, buyableAt: body.buyableAt };
    if (sale) sale.buyableAt = body.buyableAt;
    render();
  }
}

async function loadSale() {
  const sentAt = Date.now();
  const { response, body } = await api(`/api/sales/${encodeURIComponent(saleId)}`, { anonymous: true });
  const receivedAt = Date.now();
  if (!response.ok) {
    showStatus('ENDED', body.error === 'SALE_NOT_FOUND' ? 'No such sale' : 'The sale could not be loaded');
    return;
  }
  sale = body;
  if (myStart && signedIn() && myStart.shopper === session.shopper) sale.buyableAt = myStart.buyableAt;
  // The server's clock decides: a shopper's wrong clock must neither open the button early nor late.
  clockOffsetMs = Date.parse(body.serverTime) - (sentAt + receivedAt) / 2;
  els.name.textContent = body.name;
  document.title = `${body.name} — flash sale`;
  els.description.hidden = !body.description;
  els.description.textContent = body.description || '';
  els.price.hidden = !body.priceCents;
  els.price.textContent = body.priceCents
    ? new Intl.NumberFormat(undefined, { style: 'currency', currency: body.currency }).format(body.priceCents / 100)
    : '';
  render();
}

function showStatus(status, text) {
  els.status.dataset.status = status;
  els.status.textContent = text || STATUS_TEXT[status] || status;
}

function currentStatus() {
  if (!sale) return 'LOADING';
  const now = serverNow();
  if (now < Date.parse(sale.startsAt)) return 'UPCOMING';
  if (now >= Date.parse(sale.endsAt)) return 'ENDED';
  if (sale.remaining <= 0 || sale.status === 'SOLD_OUT') return 'SOLD_OUT';
  if (sale.buyableAt && now < Date.parse(sale.buyableAt)) return 'WAIT';
  return 'OPEN';
}

function render() {
  if (!sale) return;
  const status = currentStatus();
  if (els.status.dataset.status !== status) showStatus(status);
  const target = status === 'UPCOMING' ? sale.startsAt : status === 'WAIT' ? sale.buyableAt : null;
  els.countdown.hidden = !target;
  if (target) els.countdown.textContent = formatDuration(Date.parse(target) - serverNow());
  els.remaining.hidden = status === 'ENDED';
  els.remaining.textContent = `${sale.remaining} of ${sale.stock} left`;
  els.buy.disabled = status !== 'OPEN' || busy || done || challenge !== null;
  renderPayment();
}

function renderPayment() {
  els.payForm.hidden = !payment;
  if (!payment) return;
  const left = Date.parse(payment.payBy) - serverNow();
  const by = new Date(payment.payBy).toLocaleTimeString();
  els.payDeadline.textContent = left > 0 ? `Pay within ${formatDuration(left)} (by ${by})` : `The time to pay ended at ${by}`;
  els.pay.disabled = paying || left <= 0;
}

function formatDuration(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
  const two = (n) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

function showResult(tone, text) {
  els.result.hidden = false;
  els.result.dataset.tone = tone;
  els.result.replaceChildren(Object.assign(document.createElement('p'), { textContent: text }));
}

function errorText(body, response) {
  const template = ERROR_TEXT[body.error] || body.message || 'Something went wrong.';
  return template.replace('{s}', response.headers.get('Retry-After') || '1');
}

function closeChallenge() {
  challenge = null;
  els.challengeForm.hidden = true;
  els.answer.value = '';
}

// Buy: one click, one request. With a challenge, the click fetches the question; the answer sends the purchase.
els.form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (busy || done || challenge || currentStatus() !== 'OPEN') return;
  busy = true;
  render(); // off before the request leaves: a double click sends one request
  try {
    if (!signedIn()) {
      await signIn();
      if (!signedIn()) return;
      await loadMyStart().catch(() => {});
      if (currentStatus() !== 'OPEN') return; // their own start is still to come: the countdown shows it
    }
    if (sale.challengeRequired) {
      const { response, body } = await api(`/api/sales/${encodeURIComponent(saleId)}/challenge`);
      if (!response.ok) {
        showResult('bad', errorText(body, response));
        return;
      }
      if (body.kind === 'proof-of-work') {
        showResult('info', 'Checking your browser…');
        const nonce = await work(body.challengeId, body.difficulty);
        await purchase({ challengeId: body.challengeId, answer: nonce, token: body.token });
        return;
      }
      challenge = { ...body };
      els.question.textContent = body.question;
      els.challengeForm.hidden = false;
      showResult('info', 'One question to prove you are a person.');
      els.answer.focus();
    } else {
      await purchase(null);
    }
  } catch {
    showResult('bad', 'Network problem — please try again.');
  } finally {
    busy = false;
    render();
  }
});

els.challengeForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (busy || !challenge) return;
  const answer = els.answer.value.trim();
  if (!answer) {
    els.answer.focus();
    return;
  }
  busy = true;
  els.submitAnswer.disabled = true;
  render();
  const current = challenge;
  try {
    await purchase({ challengeId: current.challengeId, answer, token: current.token });
  } catch {
    showResult('bad', 'Network problem — please try again.');
  } finally {
    closeChallenge();
    busy = false;
    els.submitAnswer.disabled = false;
    render();
  }
});

// One purchase attempt has one request id: a retry after a lost answer (a network problem) sends the same id and
// finds the same order instead of buying twice; any answer from the server ends the attempt.
let requestId = null;

function newRequestId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// AWS WAF's Challenge answers a request whose token is missing or expired (15 minutes) itself: 202 with
// x-amzn-waf-action: challenge and no order. The request never reached the sale, so nothing was bought.
function isWafChallenge(response, body) {
  return response.headers.has('x-amzn-waf-action') || (response.status === 202 && !body.orderId);
}

const WAF_CHECK_TEXT = 'Your browser check has expired, so the order was not sent. '
  + 'Reload this page (it runs the check again), then press Buy again.';

async function sendPurchase(challengeAnswer) {
  return api(`/api/sales/${encodeURIComponent(saleId)}/purchases`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ quantity: 1, requestId, ...(challengeAnswer ? { challenge: challengeAnswer } : {}) }),
  });
}

async function purchase(challengeAnswer) {
  showResult('info', 'Sending your order…');
  requestId = requestId || newRequestId();
  let { response, body } = await sendPurchase(challengeAnswer);
  // With AWS WAF's JavaScript integration on the page, it renews the token in place; the same request id again.
  if (isWafChallenge(response, body) && window.AwsWafIntegration) {
    await window.AwsWafIntegration.getToken().catch(() => {});
    ({ response, body } = await sendPurchase(challengeAnswer));
  }
  requestId = null;
  if (isWafChallenge(response, body)) {
    showResult('bad', WAF_CHECK_TEXT);
    return;
  }
  if (response.status === 202) {
    done = true;
    showResult('info', 'Order received — confirming…');
    followOrder(body.orderId);
    setTimeout(() => loadSale().catch(() => {}), 1200); // the stock count lags about a second
    return;
  }
  if (body.error === 'ALREADY_PURCHASED') done = true;
  if (body.error === 'SOLD_OUT' && sale) sale.remaining = 0;
  showResult('bad', errorText(body, response));
}

async function followOrder(orderId, attempt = 0) {
  const delay = Math.min(4000, 250 * 2 ** attempt); // backoff: the order function drains a queue
  await new Promise((resolve) => setTimeout(resolve, delay));
  try {
    const { response, body } = await api(`/api/orders/${encodeURIComponent(orderId)}`);
    if (response.ok && body.status === 'CONFIRMED' && body.payBy) {
      showResult('ok', `Confirmed! Your order number is ${orderId}. Pay before the time runs out to keep it.`);
      payment = { orderId, payBy: body.payBy };
      renderPayment();
      return;
    }
    if (response.ok && (body.status === 'CONFIRMED' || body.status === 'PAID')) {
      showResult('ok', `Confirmed! Your order number is ${orderId}.`);
      return;
    }
    if (response.ok && body.status === 'REJECTED') {
      showResult('bad', 'Sorry — your order could not be confirmed. Nothing was charged.');
      return;
    }
  } catch { /* keep following */ }
  if (attempt < 12) followOrder(orderId, attempt + 1);
  else showResult('bad', `Your order ${orderId} is still being processed. Check back in a minute.`);
}

// Pay: one request per click; the server charges an order once however often it is asked.
els.payForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!payment || paying) return;
  paying = true;
  renderPayment();
  const { orderId } = payment;
  try {
    showResult('info', 'Paying…');
    const { response, body } = await api(`/api/orders/${encodeURIComponent(orderId)}/payment`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ method: els.payMethod.value }),
    });
    if (response.ok && body.status === 'PAID') {
      payment = null;
      showResult('ok', `Paid! Your order number is ${orderId}.`);
    } else {
      if (body.error === 'ORDER_EXPIRED' || body.error === 'ORDER_NOT_PAYABLE') payment = null;
      showResult('bad', errorText(body, response));
    }
  } catch {
    showResult('bad', 'Network problem — please try again; you will never be charged twice.');
  } finally {
    paying = false;
    renderPayment();
  }
});
setInterval(render, 250);
setInterval(() => loadSale().catch(() => {}), 5000);
// The sale shows at once; signing in runs beside it, then the shopper's own start is fetched once.
loadSale().catch(() => showStatus('ENDED', 'The sale could not be loaded'));
start().catch(() => showWho()).finally(() => loadMyStart().catch(() => {}));
