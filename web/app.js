// The shopper's page: sale state with a server-synchronised countdown, one purchase per click, order polling.
// Plain ES module, no dependencies: it must load fast in the opening second of a sale.

const params = new URLSearchParams(location.search);
const saleId = params.get('sale') || 'demo';
const $ = (id) => document.getElementById(id);
const els = {
  name: $('sale-name'), status: $('status'), countdown: $('countdown'), remaining: $('remaining'),
  form: $('buy-form'), user: $('user'), buy: $('buy'), result: $('result'),
};

const STATUS_TEXT = {
  UPCOMING: 'Starts soon', OPEN: 'On sale now', SOLD_OUT: 'Sold out', ENDED: 'This sale has ended',
};
const ERROR_TEXT = {
  SOLD_OUT: 'Sorry — it sold out.',
  ALREADY_PURCHASED: 'You already bought this item. One per shopper.',
  SALE_NOT_OPEN: 'The sale is not open right now.',
  SALE_NOT_FOUND: 'This sale does not exist.',
  INVALID_REQUEST: 'Please check your shopper id and try again.',
  PAYLOAD_TOO_LARGE: 'That request was too large.',
  THROTTLED: 'Too many requests right now — try again in {s} s.',
  RATE_LIMITED: 'Too many requests right now — try again in {s} s.',
  OVERLOADED: 'We are very busy — try again in {s} s.',
  BLOCKED: 'Purchases from this account or address are blocked.',
  CHALLENGE_REQUIRED: 'Please answer the question first.',
  CHALLENGE_FAILED: 'That answer was not accepted. Please try again.',
  UNAVAILABLE: 'We could not take your order just now — nothing was charged. Please try again.',
  INTERNAL_ERROR: 'Something went wrong on our side. Please try again.',
};

let sale = null;
let clockOffsetMs = 0; // server time minus local time, corrected for half the round trip
let buying = false;
let bought = false;

const savedUser = params.get('user') || localStorage.getItem('flashsale.user') || '';
els.user.value = savedUser;

function serverNow() { return Date.now() + clockOffsetMs; }

async function loadSale() {
  const sentAt = Date.now();
  const response = await fetch(`/api/sales/${encodeURIComponent(saleId)}`, { headers: { Accept: 'application/json' } });
  const receivedAt = Date.now();
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    showStatus('ENDED', body.error === 'SALE_NOT_FOUND' ? 'No such sale' : 'The sale could not be loaded');
    return;
  }
  sale = body;
  // The server's clock decides: a shopper's wrong clock must not open the button early or late.
  clockOffsetMs = Date.parse(body.serverTime) - (sentAt + receivedAt) / 2;
  els.name.textContent = body.name;
  document.title = `${body.name} — flash sale`;
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
  return sale.remaining > 0 && sale.status !== 'SOLD_OUT' ? 'OPEN' : 'SOLD_OUT';
}

function render() {
  if (!sale) return;
  const status = currentStatus();
  if (els.status.dataset.status !== status) showStatus(status);
  if (status === 'UPCOMING') {
    const ms = Date.parse(sale.startsAt) - serverNow();
    els.countdown.hidden = false;
    els.countdown.textContent = formatDuration(ms);
    els.countdown.setAttribute('aria-label', `Starts in ${formatDuration(ms)}`);
  } else {
    els.countdown.hidden = true;
  }
  els.remaining.hidden = status === 'ENDED';
  els.remaining.textContent = `${sale.remaining} of ${sale.stock} left`;
  els.buy.disabled = status !== 'OPEN' || buying || bought;
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
  els.result.innerHTML = '';
  const p = document.createElement('p');
  p.textContent = text;
  els.result.append(p);
}

function errorText(body, retryAfter) {
  const template = ERROR_TEXT[body.error] || body.message || 'Something went wrong.';
  return template.replace('{s}', retryAfter || '1');
}

els.form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (buying || bought || currentStatus() !== 'OPEN') return;
  const userId = els.user.value.trim();
  if (!userId) {
    showResult('bad', 'Enter your shopper id first.');
    els.user.focus();
    return;
  }
  localStorage.setItem('flashsale.user', userId);
  buying = true;
  render(); // disables the button before the request leaves: one request per click
  showResult('info', 'Sending your order…');
  try {
    const response = await fetch(`/api/sales/${encodeURIComponent(saleId)}/purchases`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ userId, quantity: 1 }),
    });
    const body = await response.json().catch(() => ({}));
    if (response.status === 202) {
      bought = true;
      showResult('info', 'Order received — confirming…');
      pollOrder(body.orderId);
    } else {
      if (body.error === 'ALREADY_PURCHASED') bought = true;
      if (body.error === 'SOLD_OUT' && sale) sale.remaining = 0;
      showResult('bad', errorText(body, response.headers.get('Retry-After')));
    }
  } catch {
    showResult('bad', 'Network problem — please try again.');
  } finally {
    buying = false;
    render();
  }
});

async function pollOrder(orderId, attempt = 0) {
  const delay = Math.min(4000, 250 * 2 ** attempt); // backoff: the order function drains a queue
  await new Promise((resolve) => setTimeout(resolve, delay));
  try {
    const response = await fetch(`/api/orders/${encodeURIComponent(orderId)}`, { headers: { Accept: 'application/json' } });
    const body = await response.json().catch(() => ({}));
    if (response.ok && body.status === 'CONFIRMED') {
      showResult('ok', `Confirmed! Order ${orderId}.`);
      return;
    }
    if (response.ok && body.status === 'REJECTED') {
      showResult('bad', 'Sorry — your order could not be confirmed. Nothing was charged.');
      return;
    }
  } catch { /* keep polling */ }
  if (attempt < 12) pollOrder(orderId, attempt + 1);
  else showResult('bad', `Your order ${orderId} is still being processed. Check back in a minute.`);
}

setInterval(render, 250);
setInterval(() => loadSale().catch(() => {}), 5000);
loadSale().catch(() => showStatus('ENDED', 'The sale could not be loaded'));
