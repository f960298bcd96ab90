// The shopper's page: the sale's state on the server's clock, one purchase per click (with the sale's challenge),
// then the order followed to its end. A plain ES module with no dependencies: it must load fast in the opening
// second of a sale.

const params = new URLSearchParams(location.search);
const saleId = params.get('sale') || 'demo';
const $ = (id) => document.getElementById(id);
const els = {
  name: $('sale-name'), description: $('description'), price: $('price'), status: $('status'),
  countdown: $('countdown'), remaining: $('remaining'), form: $('buy-form'), user: $('user'), buy: $('buy'),
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
  INVALID_REQUEST: 'Please check your shopper id and try again.',
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

els.user.value = params.get('user') || localStorage.getItem('flashsale.user') || '';

const serverNow = () => Date.now() + clockOffsetMs;

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { Accept: 'application/json', ...options.headers } });
  const body = await response.json().catch(() => ({}));
  return { response, body };
}

async function loadSale() {
  const user = els.user.value.trim();
  const sentAt = Date.now();
  const query = user ? `?userId=${encodeURIComponent(user)}` : '';
  const { response, body } = await api(`/api/sales/${encodeURIComponent(saleId)}${query}`);
  const receivedAt = Date.now();
  if (!response.ok) {
    showStatus('ENDED', body.error === 'SALE_NOT_FOUND' ? 'No such sale' : 'The sale could not be loaded');
    return;
  }
  sale = body;
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
  const userId = els.user.value.trim();
  if (!userId) {
    showResult('bad', 'Enter your shopper id first.');
    els.user.focus();
    return;
  }
  localStorage.setItem('flashsale.user', userId);
  busy = true;
  render(); // off before the request leaves: a double click sends one request
  try {
    if (sale.challengeRequired) {
      const { response, body } = await api(
        `/api/sales/${encodeURIComponent(saleId)}/challenge?userId=${encodeURIComponent(userId)}`);
      if (!response.ok) {
        showResult('bad', errorText(body, response));
        return;
      }
      challenge = { ...body, userId };
      els.question.textContent = body.question;
      els.challengeForm.hidden = false;
      showResult('info', 'One question to prove you are a person.');
      els.answer.focus();
    } else {
      await purchase(userId, null);
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
    await purchase(current.userId, { challengeId: current.challengeId, answer, token: current.token });
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

async function purchase(userId, challengeAnswer) {
  showResult('info', 'Sending your order…');
  requestId = requestId || newRequestId();
  const { response, body } = await api(`/api/sales/${encodeURIComponent(saleId)}/purchases`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId, quantity: 1, requestId, ...(challengeAnswer ? { challenge: challengeAnswer } : {}) }),
  });
  requestId = null;
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

els.user.addEventListener('change', () => loadSale().catch(() => {}));
setInterval(render, 250);
setInterval(() => loadSale().catch(() => {}), 5000);
loadSale().catch(() => showStatus('ENDED', 'The sale could not be loaded'));
