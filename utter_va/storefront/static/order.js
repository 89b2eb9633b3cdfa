/*
 * The checkout and order page. The order's id and token come from the URL
 * fragment ("#<id>.<token>"), which stays, so that the link can be
 * bookmarked; they are kept in this browser's storage too, and the token
 * travels only in the X-Order-Token header. The page reads the order every
 * few seconds (GET /v1/orders/<id>) and stops once it is closed.
 */
'use strict';

(function () {
  var S = window.UtterStore;
  var POLL_MS = 3000;
  var RETRY_MS = 6000;
  var CLOSED = S.messages.closed_states;
  var SERVER_STATES = S.messages.server_states;
  var CONSOLE_STATES = S.messages.console_states;
  var URI_SCHEMES = /^(bitcoin|lightning):/i;
  var $ = function (id) { return document.getElementById(id); };

  var orderId = null;
  var token = null;
  var view = null;
  var panels = {};
  var qrUrls = {};
  var pollTimer = null;

  function readFragment() {
    var fragment;
    try {
      fragment = decodeURIComponent(window.location.hash.slice(1));
    } catch (e) {
      return false;
    }
    var dot = fragment.indexOf('.');
    if (dot < 1) {
      return false;
    }
    orderId = fragment.slice(0, dot);
    token = fragment.slice(dot + 1);
    S.saveOrder(orderId, token);
    return true;
  }

  function fail(text) {
    var box = $('no-order');
    box.textContent = text;
    S.show(box, true);
    S.show($('order'), false);
  }

  /* QR codes: drawn by the API (GET /v1/orders/<id>/qr) for one of the
   * order's own payment URIs, shown through a blob: URL. */
  async function showQr(img, text, alt) {
    if (img.dataset.text === text) {
      return;
    }
    img.dataset.text = text;
    img.alt = alt;
    if (!qrUrls[text]) {
      var response = await S.api(
        'GET', '/v1/orders/' + orderId + '/qr?uri=' +
          encodeURIComponent(text), {token: token, raw: true});
      qrUrls[text] = URL.createObjectURL(await response.blob());
    }
    img.src = qrUrls[text];
  }

  function panel(containerId) {
    if (panels[containerId]) {
      return panels[containerId];
    }
    var container = $(containerId);
    container.appendChild($('payment-template').content.cloneNode(true));
    container.querySelectorAll('.field').forEach(function (field) {
      var id = containerId + '-' + field.dataset.part;
      field.querySelector('input').id = id;
      field.querySelector('label').htmlFor = id;
    });
    panels[containerId] = container;
    return container;
  }

  function btc(msat) {
    var digits = String(Math.round(msat)).padStart(12, '0');
    var whole = digits.slice(0, -11);
    var fraction = digits.slice(-11).replace(/0+$/, '');
    return fraction ? whole + '.' + fraction : whole;
  }

  function setPart(container, part, value) {
    var field = container.querySelector('[data-part="' + part + '"]');
    S.show(field, Boolean(value));
    field.querySelector('input').value = value || '';
    return field;
  }

  function requestProgress(request, paid) {
    var live = request.payments.filter(function (p) {
      return p.status === 'seen' || p.status === 'confirmed';
    });
    var confirmed = live.filter(function (p) {
      return p.status === 'confirmed';
    }).reduce(function (sum, p) { return sum + p.amount_sats; }, 0);
    var seen = live.filter(function (p) { return p.status === 'seen'; });
    var received = live.reduce(function (sum, p) {
      return sum + p.amount_sats;
    }, 0);
    if (paid || confirmed >= request.amount_sats) {
      return {text: S.t('paid'), paid: true};
    }
    var parts = [];
    if (seen.length) {
      parts.push(S.t('payment_seen', {
        n: Math.min.apply(null, seen.map(function (p) {
          return p.confirmations;
        })),
        total: request.confirmations_required}));
    }
    if (received) {
      parts.push(S.t('partial', {
        received: S.number(received), amount: S.number(request.amount_sats),
        due: S.number(request.amount_sats - received)}));
    }
    if (!parts.length) {
      parts.push(S.t('waiting_payment'));
    }
    return {text: parts.join(' '), paid: false, received: received};
  }

  function renderRequest(containerId, request, paid) {
    var container = panel(containerId);
    S.show(container, true);
    var progress = requestProgress(request, paid);
    var status = container.querySelector('.progress');
    status.textContent = progress.text;
    status.classList.toggle('paid', progress.paid);
    container.dataset.paid = progress.paid ? 'yes' : 'no';
    container.dataset.expiresAt = request.expires_at;
    container.dataset.purpose = request.purpose;
    var link = container.querySelector('.wallet-link');
    var payable = !progress.paid && URI_SCHEMES.test(request.payment_uri);
    S.show(link.parentElement, payable);
    link.href = payable ? request.payment_uri : '#';
    var img = container.querySelector('img.qr');
    S.show(img.parentElement, !progress.paid);
    if (!progress.paid && request.payment_uri) {
      showQr(img, request.payment_uri,
             S.t('qr_alt', {uri: request.payment_uri})).catch(function () {
        img.alt = S.t('network_error');
      });
    }
    setPart(container, 'address', progress.paid ? null : request.address);
    setPart(container, 'invoice', progress.paid ? null : request.invoice);
    var amount = setPart(container, 'amount',
                         progress.paid ? null : btc(request.amount_msat));
    amount.querySelector('.sats').textContent = S.t('sats', {
      n: S.number(request.amount_sats)});
    tickRequest(container);
  }

  function tickRequest(container) {
    var countdown = container.querySelector('.countdown');
    var next = container.querySelector('.next-step');
    var paid = container.dataset.paid === 'yes';
    var left = (S.parseTime(container.dataset.expiresAt) - S.now()) / 1000;
    if (paid) {
      countdown.textContent = '';
      S.show(next, false);
      return;
    }
    if (left > 0) {
      countdown.textContent = S.t('expires_in', {time: S.duration(left)});
      S.show(next, false);
      return;
    }
    countdown.textContent = S.t('expired_request');
    var steps = [container.dataset.purpose === 'topup' ?
      S.t('expired_next_topup') : S.t('expired_next_order')];
    if (view && view.owed_back_sats) {
      steps.push(S.t('owed_back', {sats: S.number(view.owed_back_sats)}));
    }
    next.textContent = steps.join(' ');
    S.show(next, true);
  }

  function last(requests, purpose) {
    var found = requests.filter(function (r) { return r.purpose === purpose; });
    return found.length ? found[found.length - 1] : null;
  }

  /* The server's addresses as the API splits them: by family (IPv4,
   * IPv6) and by reach (public, private), public ones first. */
  function allAddresses(server) {
    var found = [];
    ['public', 'private'].forEach(function (reach) {
      ['ipv4', 'ipv6'].forEach(function (family) {
        ((server[family] || {})[reach] || []).forEach(function (address) {
          found.push({address: address,
                      label: S.t('address_' + family + '_' + reach)});
        });
      });
    });
    return found;
  }

  function stateSentence(order) {
    var sentence = S.messages.states[order.state] ||
      S.t('unknown_state', {state: order.state});
    var task = order.task || (order.server && order.server.task);
    if (task) {
      sentence += ' (' + task + ')';
    }
    return sentence;
  }

  function renderServer(order) {
    var running = SERVER_STATES.indexOf(order.state) !== -1;
    S.show($('server'), running);
    S.show($('topup'), running);
    if (!running) {
      return;
    }
    var addresses = allAddresses(order.server);
    var list = $('addresses');
    list.textContent = '';
    addresses.forEach(function (a) {
      var item = document.createElement('li');
      item.textContent = a.address + ' (' + a.label + ')';
      list.appendChild(item);
    });
    if (!addresses.length) {
      var none = document.createElement('li');
      none.textContent = S.t('no_address');
      list.appendChild(none);
    }
    // NOTE: the API gives the line, with the user the operator set for
    // the image, at the first public address; none without one.
    $('ssh-line').value = order.server.ssh_command || '';
    S.show($('ssh'), Boolean(order.server.ssh_command));
    $('reboot').disabled = order.state !== 'active';
    $('rebuild').disabled = order.state !== 'active';
    $('console-refresh').disabled =
      CONSOLE_STATES.indexOf(order.state) === -1;
    var topup = last(order.payment_requests, 'topup');
    if (topup) {
      renderRequest('topup-payment', topup, false);
    }
    S.show($('lnurl'), Boolean(order.lnurl));
    if (order.lnurl) {
      $('lnurl-text').value = order.lnurl;
      $('lightning-address').value = order.lightning_address || '';
      S.show($('lightning-address').closest('.field'),
             Boolean(order.lightning_address));
      showQr($('lnurl-qr'), order.lnurl,
             S.t('lnurl_qr_alt', {lnurl: order.lnurl})).catch(function () {
        $('lnurl-qr').alt = S.t('network_error');
      });
    }
  }

  function tickServer() {
    if (!view || SERVER_STATES.indexOf(view.state) === -1) {
      return;
    }
    var paidUntil = S.parseTime(view.paid_until);
    var left = (paidUntil - S.now()) / 1000;
    $('paid-left').dataset.secondsLeft = isNaN(paidUntil) ? '' :
      String(Math.max(0, Math.floor(left)));
    $('paid-left').textContent = isNaN(paidUntil) ? '' : left > 0 ?
      S.t('paid_time_left', {time: S.duration(left)}) : S.t('paid_time_over');
    var deleteAfter = S.parseTime(view.delete_after);
    $('delete-after').textContent = isNaN(deleteAfter) ? '' :
      S.t('delete_after', {date: S.dateText(deleteAfter)});
  }

  /* A long checksum as "sha256:0123456789ab\u2026456789ab"; the page
   * keeps the whole of it in the title and the copy button. */
  function shortChecksum(value) {
    var colon = value.indexOf(':');
    var digest = value.slice(colon + 1);
    if (digest.length <= 24) {
      return value;
    }
    return value.slice(0, colon + 1) + digest.slice(0, 12) + '\u2026' +
      digest.slice(-8);
  }

  /* The buyer's own image, as text only: its URL is never a link nor
   * anything the page loads. */
  function renderOwnImage(order) {
    var own = order.own_image;
    S.show($('own-image'), Boolean(own));
    if (!own) {
      return;
    }
    $('own-image-url').textContent = own.url;
    $('own-image-format').textContent = own.disk_format;
    var sum = $('own-image-checksum');
    sum.textContent = shortChecksum(own.checksum);
    sum.title = own.checksum;
    $('own-image-checksum-copy').dataset.copyValue = own.checksum;
    var status = $('own-image-status');
    var text = '';
    if (own.status === 'importing' && order.state === 'booting') {
      text = S.t('own_image_importing');
    } else if (own.status === 'ready' &&
               CLOSED.indexOf(order.state) === -1) {
      text = S.t('own_image_ready');
    }
    status.textContent = text;
    S.show(status, Boolean(text));
  }

  function render(order) {
    view = order;
    S.show($('order'), true);
    $('state').textContent = stateSentence(order);
    document.body.dataset.state = order.state;
    var closed = CLOSED.indexOf(order.state) !== -1;
    var reason = $('close-reason');
    S.show(reason, Boolean(order.close_reason));
    reason.textContent = order.close_reason ?
      S.messages.reasons[order.close_reason] ||
        S.t('unknown_reason', {reason: order.close_reason}) : '';
    $('fact-flavor').textContent = order.flavor;
    $('fact-image').textContent = order.image;
    $('fact-price').textContent = S.t('per_hour', {
      n: S.number(order.sats_per_hour)});
    $('fact-paid').textContent = S.t('sats', {n: S.number(order.paid_sats)});
    renderOwnImage(order);
    var first = last(order.payment_requests, 'order');
    var unpaid = order.state === 'awaiting_payment' ||
      order.state === 'expired';
    S.show($('checkout'), unpaid && Boolean(first));
    if (unpaid && first) {
      renderRequest('checkout-payment', first, false);
    }
    renderServer(order);
    tickServer();
    $('poll-status').textContent = closed ? S.t('polling_stopped') : '';
    return closed;
  }

  function schedule(ms) {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(poll, ms);
  }

  async function poll() {
    try {
      var order = await S.api('GET', '/v1/orders/' + orderId,
                              {token: token});
      if (!render(order)) {
        schedule(POLL_MS);
      }
    } catch (error) {
      if (error.status === 404) {
        fail(S.t('not_found'));
        return;
      }
      $('poll-status').textContent = error.message;
      schedule(error.retryAfter ? error.retryAfter * 1000 : RETRY_MS);
    }
  }

  function tick() {
    Object.keys(panels).forEach(function (id) {
      if (!panels[id].hidden) {
        tickRequest(panels[id]);
      }
    });
    tickServer();
  }

  async function topup(event) {
    event.preventDefault();
    var form = $('topup-form');
    var box = $('topup-error');
    var hours = $('topup-hours');
    S.clearErrors(form, box);
    var h = Number(hours.value);
    try {
      await S.api('POST', '/v1/orders/' + orderId + '/topup', {
        token: token, idempotencyKey: S.newKey(),
        body: {hours: Number.isInteger(h) && hours.value !== '' ?
          h : hours.value}});
      await poll();
    } catch (error) {
      S.showError(error, {hours: hours}, box);
    }
  }

  async function action(name, body, inputs) {
    var result = $('action-result');
    result.textContent = '';
    try {
      var order = await S.api('POST', '/v1/orders/' + orderId + '/' + name,
                              {token: token, body: body});
      result.textContent = S.t('action_requested', {
        state: order.state || ''});
      if (order.id) {
        render(order);
      }
    } catch (error) {
      if (inputs) {
        S.showError(error, inputs, result);
      } else {
        result.textContent = error.message;
      }
    }
  }

  function rebuild(event) {
    event.preventDefault();
    var form = $('rebuild-form');
    var key = $('rebuild-key');
    S.clearErrors(form, null);
    if (!$('rebuild-confirm').checked) {
      $('action-result').textContent = S.t('rebuild_confirm_needed');
      $('rebuild-confirm').focus();
      return;
    }
    var body = {};
    if (key.value.trim()) {
      body.ssh_public_key = key.value.trim();
    }
    action('rebuild', body, {ssh_public_key: key});
  }

  async function showConsole() {
    var pre = $('console');
    S.show(pre, true);
    try {
      var answer = await S.api('GET', '/v1/orders/' + orderId + '/console',
                               {token: token});
      pre.textContent = answer.output || S.t('console_empty');
    } catch (error) {
      pre.textContent = error.message;
    }
  }

  function downloadLink() {
    var link = S.orderLink(orderId, token);
    var blob = new Blob([S.t('link_file') + '\n\n' + link + '\n'],
                        {type: 'text/plain'});
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'utter-va-order-' + orderId + '.txt';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
  }

  if (!readFragment()) {
    fail(S.t('no_order'));
    return;
  }
  $('order-link').value = S.orderLink(orderId, token);
  $('download-link').addEventListener('click', downloadLink);
  $('topup-form').addEventListener('submit', topup);
  $('reboot').addEventListener('click', function () {
    action('reboot', undefined, null);
  });
  $('rebuild-form').addEventListener('submit', rebuild);
  $('console-refresh').addEventListener('click', showConsole);
  window.addEventListener('hashchange', function () {
    if (readFragment()) {
      $('order-link').value = S.orderLink(orderId, token);
      poll();
    }
  });
  setInterval(tick, 1000);
  poll();
})();
