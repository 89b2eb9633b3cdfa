/*
 * The offers page: lists GET /v1/offers, and places an order with
 * POST /v1/orders; then goes to the order page with the order's id and
 * token in the URL fragment (never in the path or query). ?flavor=<name>
 * chooses an offer (a marketplace links here so). An offer whose
 * "image_url" is not null also takes the buyer's own image: its URL, disk
 * format and checksum are sent instead of "image".
 */
'use strict';

(function () {
  var S = window.UtterStore;
  var form = document.getElementById('order-form');
  var flavor = document.getElementById('flavor');
  var image = document.getElementById('image');
  var imageList = document.getElementById('image-list');
  var hours = document.getElementById('hours');
  var sshKey = document.getElementById('ssh_public_key');
  var keyFile = document.getElementById('ssh-key-file');
  var userData = document.getElementById('user_data');
  var callbackUrl = document.getElementById('callback_url');
  var imageSource = document.getElementById('image-source');
  var sourceOffer = document.getElementById('image-source-offer');
  var sourceUrl = document.getElementById('image-source-url');
  var offerImage = document.getElementById('offer-image');
  var ownImage = document.getElementById('own-image');
  var imageUrl = document.getElementById('image_url');
  var diskFormat = document.getElementById('image_disk_format');
  var checksum = document.getElementById('image_checksum');
  var errorBox = document.getElementById('form-error');
  var formStatus = document.getElementById('form-status');
  var placeButton = document.getElementById('place');
  var total = document.getElementById('total');
  var inputs = {flavor: flavor, image: image, hours: hours,
                ssh_public_key: sshKey, user_data: userData,
                callback_url: callbackUrl, image_url: imageUrl,
                image_disk_format: diskFormat, image_checksum: checksum};
  var offers = [];
  var idempotencyKey = null;
  var MAX_KEY_FILE = 16384;

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) {
      node.textContent = text;
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function selected() {
    return offers.find(function (o) {
      return o.flavor_name === flavor.value;
    });
  }

  /* Whether the buyer sends an image of their own rather than one of
   * the offer's. */
  function ownImageChosen() {
    var offer = selected();
    return Boolean(offer && offer.image_url && sourceUrl.checked);
  }

  function updateSource() {
    var own = ownImageChosen();
    S.show(offerImage, !own);
    S.show(ownImage, own);
  }

  /* The own-image fields of an offer that takes one: its disk formats,
   * schemes and largest size. */
  function updateOwnImage(offer) {
    var terms = offer && offer.image_url;
    S.show(imageSource, Boolean(terms));
    if (!terms) {
      sourceOffer.checked = true;
      updateSource();
      return;
    }
    var chosen = diskFormat.value;
    diskFormat.textContent = '';
    terms.disk_formats.forEach(function (name) {
      var option = element('option', name);
      option.value = name;
      diskFormat.appendChild(option);
    });
    if (terms.disk_formats.indexOf(chosen) !== -1) {
      diskFormat.value = chosen;
    }
    document.getElementById('image_url-hint').textContent = S.t(
      'own_image_url_hint', {schemes: terms.schemes.map(function (scheme) {
        return scheme + '://';
      }).join(', ')});
    document.getElementById('image_checksum-hint').textContent = S.t(
      'own_image_checksum_hint', {mb: S.number(terms.max_size_mb)});
    updateSource();
  }

  function updateImages() {
    var offer = selected();
    imageList.textContent = '';
    updateOwnImage(offer);
    if (!offer) {
      return;
    }
    offer.images.forEach(function (name) {
      var option = document.createElement('option');
      option.value = name;
      imageList.appendChild(option);
    });
    if (offer.images.length &&
        offer.images.indexOf(image.value) === -1) {
      image.value = offer.images[0];
    }
    updateTotal();
  }

  function updateTotal() {
    var offer = selected();
    var h = parseInt(hours.value, 10);
    if (!offer || !(h > 0)) {
      total.textContent = '';
      return;
    }
    total.textContent = S.t('total', {sats: S.number(offer.sats_per_hour * h),
                                      hours: h});
  }

  function card(offer) {
    var item = element('li', undefined, 'offer');
    item.appendChild(element('h3', offer.flavor_name));
    item.appendChild(element('p', [
      S.t('vcpus', {n: offer.vcpus}), S.t('ram', {n: S.number(offer.ram_mb)}),
      S.t('disk', {n: offer.disk_gb})].join(' \u00b7 ')));
    item.appendChild(element('p', S.t('per_hour', {
      n: S.number(offer.sats_per_hour)}), 'price'));
    item.appendChild(element('p', S.t('per_day', {
      n: S.number(offer.sats_per_hour * 24)})));
    item.appendChild(element('p', S.t('units_left', {
      n: offer.units_available})));
    if (offer.images.length) {
      item.appendChild(element('p', S.t('images', {
        list: offer.images.join(', ')})));
    }
    if (offer.image_url) {
      item.appendChild(element('p', S.t('own_image_offered', {
        formats: offer.image_url.disk_formats.join(', '),
        mb: S.number(offer.image_url.max_size_mb)})));
    }
    var choose = element('button', S.t('choose', {
      flavor: offer.flavor_name}));
    choose.type = 'button';
    choose.addEventListener('click', function () {
      flavor.value = offer.flavor_name;
      updateImages();
      (offer.image_url ? (sourceUrl.checked ? sourceUrl : sourceOffer) :
        image).focus();
    });
    item.appendChild(choose);
    return item;
  }

  async function loadOffers() {
    var status = document.getElementById('offers-status');
    var list = document.getElementById('offers');
    try {
      offers = (await S.api('GET', '/v1/offers')).offers;
    } catch (error) {
      status.textContent = S.t('offers_failed', {message: error.message});
      return;
    }
    status.textContent = offers.length ? '' : S.t('no_offers');
    S.show(status, !offers.length);
    list.textContent = '';
    flavor.textContent = '';
    offers.forEach(function (offer) {
      list.appendChild(card(offer));
      var option = element('option', offer.flavor_name + ' \u2013 ' +
        S.t('per_hour', {n: S.number(offer.sats_per_hour)}));
      option.value = offer.flavor_name;
      flavor.appendChild(option);
    });
    preselect();
    updateImages();
  }

  /* A link to this page with ?flavor=<name> (a marketplace's "Buy")
   * chooses that offer, if it is on sale. */
  function preselect() {
    var wanted = new URLSearchParams(window.location.search).get('flavor');
    if (wanted && offers.some(function (o) {
      return o.flavor_name === wanted;
    })) {
      flavor.value = wanted;
      flavor.focus();
    }
  }

  function loadKeyFile() {
    var file = keyFile.files[0];
    if (!file) {
      return;
    }
    if (file.size > MAX_KEY_FILE) {
      S.clearErrors(form, errorBox);
      S.showError({status: 400, field: 'ssh_public_key',
                   message: S.t('file_too_big')}, inputs, errorBox);
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      sshKey.value = String(reader.result).trim();
    };
    reader.readAsText(file);
  }

  function body() {
    var h = Number(hours.value);
    var values = {flavor: flavor.value,
                  hours: Number.isInteger(h) && hours.value !== '' ?
                    h : hours.value};
    if (ownImageChosen()) {
      values.image_url = imageUrl.value.trim();
      values.image_disk_format = diskFormat.value;
      values.image_checksum = checksum.value.trim();
    } else {
      values.image = image.value.trim();
    }
    if (sshKey.value.trim()) {
      values.ssh_public_key = sshKey.value.trim();
    }
    if (userData.value) {
      values.user_data = userData.value;
    }
    if (callbackUrl.value.trim()) {
      values.callback_url = callbackUrl.value.trim();
    }
    return values;
  }

  /* What the page can tell before asking: an own image's URL and
   * checksum are given. The API checks everything else. */
  function missing() {
    if (!ownImageChosen()) {
      return null;
    }
    if (!imageUrl.value.trim()) {
      return {status: 400, field: 'image_url',
              message: S.t('own_image_url_missing')};
    }
    if (!checksum.value.trim()) {
      return {status: 400, field: 'image_checksum',
              message: S.t('own_image_checksum_missing')};
    }
    return null;
  }

  async function place(event) {
    event.preventDefault();
    S.clearErrors(form, errorBox);
    var absent = missing();
    if (absent) {
      S.showError(absent, inputs, errorBox);
      return;
    }
    placeButton.disabled = true;
    formStatus.textContent = S.t('placing');
    idempotencyKey = idempotencyKey || S.newKey();
    try {
      var order = await S.api('POST', '/v1/orders', {
        body: body(), idempotencyKey: idempotencyKey});
      S.saveOrder(order.id, order.token);
      window.location.assign(S.orderLink(order.id, order.token));
      return;
    } catch (error) {
      formStatus.textContent = '';
      // NOTE: a new key after an answer, the same one after a lost
      // connection, so that a retry cannot place a second order.
      if (error.status) {
        idempotencyKey = null;
      }
      S.showError(error, inputs, errorBox);
    } finally {
      placeButton.disabled = false;
    }
  }

  function listSavedOrders() {
    var saved = S.savedOrders();
    var ids = Object.keys(saved);
    var list = document.getElementById('my-orders-list');
    ids.forEach(function (id) {
      var item = document.createElement('li');
      var link = element('a', id);
      link.href = S.orderLink(id, saved[id]);
      item.appendChild(link);
      list.appendChild(item);
    });
    S.show(document.getElementById('my-orders'), ids.length > 0);
  }

  flavor.addEventListener('change', updateImages);
  sourceOffer.addEventListener('change', updateSource);
  sourceUrl.addEventListener('change', updateSource);
  hours.addEventListener('input', updateTotal);
  keyFile.addEventListener('change', loadKeyFile);
  form.addEventListener('submit', place);
  listSavedOrders();
  loadOffers();
})();
