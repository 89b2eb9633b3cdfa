/*
 * The storefront's shared helpers: translated messages, calls to the JSON
 * API, copy buttons, field errors, durations and the order links kept in
 * this browser. Everything from the API reaches the page as text
 * (textContent or input values), never as HTML.
 */
'use strict';

window.UtterStore = (function () {
  var messages = JSON.parse(document.getElementById('messages').textContent);
  var apiRoot = document.body.getAttribute('data-api-root') || '';
  var orderPage = document.body.getAttribute('data-order-page') || 'order';
  var clockOffset = 0;
  var STORAGE_KEY = 'utter-va-orders';

  function fmt(template, values) {
    return String(template).replace(/%\((\w+)\)s/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ?
        String(values[name]) : all;
    });
  }

  function t(name, values) {
    return fmt(messages.strings[name] || name, values || {});
  }

  function ApiError(status, error, retryAfter) {
    this.status = status;
    this.error = error || {};
    this.message = this.error.message || t('network_error');
    this.field = this.error.field || null;
    this.retryAfter = retryAfter ? parseInt(retryAfter, 10) : null;
  }

  function noteClock(response) {
    var date = Date.parse(response.headers.get('Date') || '');
    if (!isNaN(date)) {
      clockOffset = date - Date.now();
    }
  }

  /* One call to the JSON API; resolves to the JSON answer (or the
   * Response with options.raw), rejects with an ApiError. */
  async function api(method, path, options) {
    options = options || {};
    var headers = {'Accept': 'application/json'};
    if (options.token) {
      headers['X-Order-Token'] = options.token;
    }
    if (options.idempotencyKey) {
      headers['Idempotency-Key'] = options.idempotencyKey;
    }
    var init = {method: method, headers: headers, cache: 'no-store',
                credentials: 'omit', referrerPolicy: 'no-referrer'};
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    var response;
    try {
      response = await fetch(apiRoot + path, init);
    } catch (e) {
      throw new ApiError(0, null, null);
    }
    noteClock(response);
    if (response.ok && options.raw) {
      return response;
    }
    var body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      throw new ApiError(response.status, body && body.error,
                         response.headers.get('Retry-After'));
    }
    return body;
  }

  /* Now, by the server's clock (from the Date of its last answer). */
  function now() {
    return Date.now() + clockOffset;
  }

  function parseTime(text) {
    return text ? Date.parse(text) : NaN;
  }

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }

  function duration(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var d = Math.floor(seconds / 86400);
    var h = Math.floor(seconds % 86400 / 3600);
    var m = Math.floor(seconds % 3600 / 60);
    var s = seconds % 60;
    if (d) {
      return t('duration_dhms', {d: d, h: h, m: pad(m), s: pad(s)});
    }
    if (h) {
      return t('duration_hms', {h: h, m: pad(m), s: pad(s)});
    }
    return t('duration_ms', {m: m, s: pad(s)});
  }

  function dateText(ms) {
    return new Intl.DateTimeFormat(undefined, {
      dateStyle: 'medium', timeStyle: 'short'}).format(new Date(ms));
  }

  function number(n) {
    return new Intl.NumberFormat().format(n);
  }

  function show(element, visible) {
    element.hidden = !visible;
  }

  function setText(element, text) {
    element.textContent = text === null || text === undefined ? '' : text;
  }

  function flash(button, text) {
    if (!button.dataset.label) {
      button.dataset.label = button.textContent;
    }
    button.textContent = text;
    setTimeout(function () {
      button.textContent = button.dataset.label;
    }, 2000);
  }

  function selectAndCopy(input, button) {
    input.focus();
    input.select();
    var copied = false;
    try {
      copied = document.execCommand('copy');
    } catch (e) {
      copied = false;
    }
    flash(button, copied ? t('copied') : t('copy_failed'));
  }

  /* Copy ``value``: through the clipboard API where the page may, else by
   * selecting it in ``input()`` (an input made on demand) and copying. */
  function copy(value, button, input, done) {
    function byHand() {
      selectAndCopy(input(), button);
      if (done) {
        done();
      }
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(value).then(function () {
        flash(button, t('copied'));
      }, byHand);
    } else {
      byHand();
    }
  }

  function copyInput(input, button) {
    copy(input.value, button, function () {
      return input;
    });
  }

  /* A value the page shows shortened ("data-copy-value" of its button),
   * copied whole; without the clipboard API, through a read-only input
   * that lives for the time of the copy. */
  function copyValue(value, button) {
    var input = null;
    copy(value, button, function () {
      input = document.createElement('input');
      input.readOnly = true;
      input.value = value;
      button.after(input);
      return input;
    }, function () {
      input.remove();
      button.focus();
    });
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('button.copy');
    if (!button) {
      return;
    }
    if (button.dataset.copyValue) {
      copyValue(button.dataset.copyValue, button);
      return;
    }
    var input = button.dataset.copy ?
      document.getElementById(button.dataset.copy) :
      button.parentElement.querySelector('input');
    if (input) {
      copyInput(input, button);
    }
  });

  /* Field errors: the API names the field of a 400 ("field" key); the
   * message is shown under that input, which is marked invalid and
   * described by it. Anything else goes to the form's general box. */
  function clearErrors(form, box) {
    form.querySelectorAll('[aria-invalid="true"]').forEach(function (input) {
      input.removeAttribute('aria-invalid');
      var described = input.dataset.describedby;
      if (described) {
        input.setAttribute('aria-describedby', described);
      } else {
        input.removeAttribute('aria-describedby');
      }
    });
    form.querySelectorAll('.field-error').forEach(function (p) {
      p.textContent = '';
      p.hidden = true;
    });
    if (box) {
      box.textContent = '';
      box.hidden = true;
    }
  }

  /* The reason of a field's 400 without the words that only say which
   * field it is: the page shows it under that field. */
  function fieldReason(error) {
    var prefix = error.field + ': ';
    var at = error.message.indexOf(prefix);
    if (at < 0) {
      return error.message;
    }
    var reason = error.message.slice(at + prefix.length);
    return reason.charAt(0).toUpperCase() + reason.slice(1);
  }

  function showError(error, inputs, box) {
    var input = error.status === 400 && error.field && inputs[error.field];
    if (input) {
      var message = document.getElementById(input.id + '-error');
      message.textContent = fieldReason(error);
      message.hidden = false;
      var described = input.getAttribute('aria-describedby') || '';
      input.dataset.describedby = described;
      input.setAttribute('aria-describedby',
                         (described + ' ' + message.id).trim());
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    box.textContent = error.message;
    box.hidden = false;
  }

  function newKey() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return (b < 16 ? '0' : '') + b.toString(16);
    }).join('');
  }

  function savedOrders() {
    try {
      return JSON.parse(localStorage.getItem(STORAGE_KEY)) || {};
    } catch (e) {
      return {};
    }
  }

  function saveOrder(id, token) {
    var orders = savedOrders();
    orders[id] = token;
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(orders));
    } catch (e) {
      /* Storage may be off; the link in the fragment still works. */
    }
  }

  function orderLink(id, token) {
    return new URL(orderPage + '#' + id + '.' + token,
                   window.location.href).href;
  }

  return {
    messages: messages, t: t, fmt: fmt, api: api, now: now,
    parseTime: parseTime, duration: duration, dateText: dateText,
    number: number, show: show, setText: setText, clearErrors: clearErrors,
    showError: showError, newKey: newKey, savedOrders: savedOrders,
    saveOrder: saveOrder, orderLink: orderLink
  };
})();
