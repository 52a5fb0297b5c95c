/* /verifikasi: check what a QR code opened (the token in the URL's fragment, never sent to a server),
   a pasted text, a camera scan or a photo; online through the web app, else OFFLINE on this phone with
   the public keys cached from an earlier visit (WebCrypto Ed25519). Without this script the form posts. */
(function () {
  "use strict";

  var form = document.getElementById("verify-form");
  if (!form) return;
  var box = document.getElementById("kode");
  var output = document.getElementById("verify-result");
  var scan = document.getElementById("verify-scan");
  var cameraButton = document.getElementById("verify-camera");
  var stopButton = document.getElementById("verify-camera-stop");
  var video = document.getElementById("verify-video");
  var photo = document.getElementById("verify-photo");
  var scanStatus = document.getElementById("verify-scan-status");
  var words = JSON.parse(form.getAttribute("data-words"));
  var KEYS_ITEM = "gs-verifikasi-kunci";
  // What each kind of signed token is: its JWT typ, the key set in kunci.json, its issuer (and audience).
  var TOKENS = {
    "gorontalo-id+jwt": {kind: "credential", keys: "identity", iss: "https://gorontalo.go.id/identity", aud: "gorontalo-digital-id"},
    "permit+jwt": {kind: "permit", keys: "permits", iss: "gorontalo-permits"},
    "receipt+jwt": {kind: "receipt", keys: "tax", iss: "gorontalo-tax"}
  };
  var PERMIT = /^(\d{4})[\/-]DPMPTSP[\/-](\d{4})[\/-](\d{6})$/i;
  var RECEIPT = /^(?:\d{2}|\d{4})-\d{4}-\d{8}-\d$/;
  var JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

  function w(key) { return words[key] || key; }

  // -- what was given ------------------------------------------------------------------------------
  function extract(raw) {
    var value = String(raw || "").trim();
    var hash = value.indexOf("#");
    if (hash >= 0) value = value.slice(hash + 1);
    try { value = decodeURIComponent(value); } catch (e) { /* keep as typed */ }
    return value.replace(/\s+/g, "");
  }

  function bytes(part) {
    var b64 = part.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) b64 += "=";
    var text = atob(b64);
    var out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  }

  function json(part) { return JSON.parse(new TextDecoder().decode(bytes(part))); }

  // -- the public keys, cached on the phone --------------------------------------------------------
  function cachedKeys() {
    try { return JSON.parse(localStorage.getItem(KEYS_ITEM) || "null"); } catch (e) { return null; }
  }

  function refreshKeys() {
    return fetch(form.getAttribute("data-keys-url"), {credentials: "same-origin"}).then(function (answer) {
      if (!answer.ok) throw new Error("keys " + answer.status);
      return answer.json();
    }).then(function (keys) {
      try { localStorage.setItem(KEYS_ITEM, JSON.stringify(keys)); } catch (e) { /* private mode: no cache */ }
      return keys;
    });
  }

  // -- showing a result ----------------------------------------------------------------------------
  function show(html) {
    output.innerHTML = html;
    var result = output.querySelector(".verify-result") || output.firstElementChild;
    if (result) {
      if (!result.hasAttribute("tabindex")) result.setAttribute("tabindex", "-1");
      result.focus();
    }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function longDate(seconds) {
    try {
      return new Intl.DateTimeFormat(words.lang === "en" ? "en-GB" : "id-ID",
        {day: "numeric", month: "long", year: "numeric", timeZone: "Asia/Makassar"}).format(new Date(seconds * 1000));
    } catch (e) { return new Date(seconds * 1000).toISOString().slice(0, 10); }
  }

  function isoDate(day) {
    var parts = String(day || "").split("-");
    if (parts.length !== 3) return String(day || "");
    return longDate(Date.UTC(+parts[0], +parts[1] - 1, +parts[2], 4) / 1000);
  }

  function rupiah(amount) { return "Rp " + String(Math.round(+amount || 0)).replace(/\B(?=(\d{3})+(?!\d))/g, "."); }

  function facts(kind, c) {
    var regions = words.regions || {};
    if (kind === "credential") {
      return [["verifikasi_fact_name", c.name], ["verifikasi_fact_birth_date", isoDate(c.birth_date)],
        ["verifikasi_fact_nik", c.nik_masked], ["verifikasi_fact_regency", regions[c.regency] || c.regency],
        ["verifikasi_fact_expires", c.exp ? longDate(c.exp) : ""], ["verifikasi_fact_credential_id", c.jti]];
    }
    if (kind === "permit") {
      return [["verifikasi_fact_permit_number", c.sub], ["verifikasi_fact_business", c.biz],
        ["verifikasi_fact_activity", c.kbli], ["verifikasi_fact_risk", c.risk ? w("verifikasi_risk_" + c.risk) : ""],
        ["verifikasi_fact_regency", regions[c.reg] || c.reg], ["verifikasi_fact_issued", isoDate(c.issued)],
        ["verifikasi_fact_signature", w("verifikasi_signature_ok")]];
    }
    return [["verifikasi_fact_receipt_number", c.sub], ["verifikasi_fact_tax", c.tax ? w("verifikasi_tax_" + c.tax) : ""],
      ["verifikasi_fact_tax_year", c.yr ? String(c.yr) : ""], ["verifikasi_fact_amount", rupiah(c.amt)],
      ["verifikasi_fact_paid", isoDate(c.paid)], ["verifikasi_fact_signature", w("verifikasi_signature_ok")]];
  }

  function showOffline(result) {
    var tone = result.verdict === "valid" ? "valid" : (result.verdict === "expired" || result.verdict === "unavailable" ? "warn" : "bad");
    var section = el("section", "verify-result verify-" + tone);
    section.setAttribute("aria-labelledby", "verify-verdict");
    var heading = el("h2", "verify-verdict", w("verifikasi_verdict_" + result.verdict));
    heading.id = "verify-verdict";
    section.appendChild(heading);
    if (result.kind) section.appendChild(el("p", "verify-kind", w("verifikasi_kind_" + result.kind)));
    if (result.reason) section.appendChild(el("p", "verify-reason", w(result.reason)));
    if (result.claims) {
      var list = el("dl", "verify-facts");
      facts(result.kind, result.claims).forEach(function (fact) {
        if (!fact[1]) return;
        list.appendChild(el("dt", "", w(fact[0])));
        list.appendChild(el("dd", "", String(fact[1])));
      });
      section.appendChild(list);
      section.appendChild(el("p", "verify-compare", w("verifikasi_compare")));
    }
    if (result.method === "offline") {
      var method = el("p", "verify-method", w("verifikasi_offline"));
      method.setAttribute("data-method", "offline");
      section.appendChild(method);
      section.appendChild(el("p", "verify-compare", w("verifikasi_offline_note")));
    }
    output.textContent = "";
    output.appendChild(section);
    section.setAttribute("tabindex", "-1");
    section.focus();
  }

  // -- the offline check ---------------------------------------------------------------------------
  async function verifyOffline(value) {
    if (PERMIT.test(value) || RECEIPT.test(value)) {
      return {verdict: "unavailable", reason: "verifikasi_reason_offline_number"};
    }
    if (!JWS.test(value)) return {verdict: "invalid", reason: "verifikasi_unrecognised"};
    var parts = value.split("."), header, claims;
    try { header = json(parts[0]); claims = json(parts[1]); } catch (e) {
      return {verdict: "invalid", reason: "verifikasi_reason_malformed"};
    }
    var spec = TOKENS[header.typ];
    if (!spec || header.alg !== "EdDSA") return {verdict: "invalid", reason: "verifikasi_reason_malformed"};
    var keys = cachedKeys();
    if (!keys || !keys[spec.keys] || !window.crypto || !crypto.subtle) {
      return {kind: spec.kind, verdict: "unavailable", reason: "verifikasi_reason_no_keys"};
    }
    var jwk = (keys[spec.keys].keys || []).filter(function (k) { return k.kid === header.kid; })[0];
    var forged = {kind: spec.kind, verdict: "invalid", reason: "verifikasi_reason_bad_signature", method: "offline"};
    if (!jwk) return forged;
    var good;
    try {
      var key = await crypto.subtle.importKey("jwk", {kty: "OKP", crv: "Ed25519", x: jwk.x}, {name: "Ed25519"}, false, ["verify"]);
      good = await crypto.subtle.verify({name: "Ed25519"}, key, bytes(parts[2]), new TextEncoder().encode(parts[0] + "." + parts[1]));
    } catch (e) {
      return {kind: spec.kind, verdict: "unavailable", reason: "verifikasi_reason_no_keys"};
    }
    if (!good || claims.iss !== spec.iss || (spec.aud && claims.aud !== spec.aud)) return forged;
    var now = Date.now() / 1000;
    if (typeof claims.exp === "number" && now >= claims.exp) {
      return {kind: spec.kind, verdict: "expired", reason: "verifikasi_reason_expired", claims: claims, method: "offline"};
    }
    return {kind: spec.kind, verdict: "valid", claims: claims, method: "offline"};
  }

  // -- one check: online first, offline when the network or the platform does not answer ------------
  var busy = false;

  async function check(raw) {
    if (busy) return;
    busy = true;
    output.textContent = "";
    output.appendChild(el("p", "notice", w("verifikasi_checking")));
    var body = new FormData();
    body.append("csrf_token", form.elements.csrf_token.value);
    body.append("kode", String(raw || "").slice(0, 4000));
    try {
      var answer;
      try {
        answer = await fetch(form.getAttribute("data-check-url"), {method: "POST", body: body, credentials: "same-origin",
          headers: {"Accept": "application/json"}});
      } catch (e) { answer = null; }  // no network
      var html = null;
      if (answer && answer.status < 500) {
        try { html = (await answer.json()).html; } catch (e) { html = null; }
      }
      if (html) {
        show(html);
        return;
      }
      showOffline(await verifyOffline(extract(raw)));
    } finally {
      busy = false;
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    check(box.value);
  });

  // -- camera and photos ---------------------------------------------------------------------------
  var stream = null, scanning = false, canvas = document.createElement("canvas");

  function loadJsqr() {
    if (window.jsQR) return Promise.resolve(window.jsQR);
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = form.getAttribute("data-jsqr");
      script.onload = function () { window.jsQR ? resolve(window.jsQR) : reject(new Error("jsQR")); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  // The browser's own BarcodeDetector where it reads QR codes; else jsQR, fetched only now.
  var decoderPromise = null;
  function decoder() {
    if (decoderPromise) return decoderPromise;
    var native = ("BarcodeDetector" in window) ? window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      return formats.indexOf("qr_code") >= 0 ? new window.BarcodeDetector({formats: ["qr_code"]}) : null;
    }).catch(function () { return null; }) : Promise.resolve(null);
    decoderPromise = native.then(function (detector) {
      if (detector) {
        return function (source) {
          return detector.detect(source).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
        };
      }
      return loadJsqr().then(function (jsQR) {
        return function (source, width, height) {
          var scale = Math.min(1, 1280 / Math.max(width, height));
          canvas.width = Math.round(width * scale);
          canvas.height = Math.round(height * scale);
          var context = canvas.getContext("2d", {willReadFrequently: true});
          context.drawImage(source, 0, 0, canvas.width, canvas.height);
          var image = context.getImageData(0, 0, canvas.width, canvas.height);
          var code = jsQR(image.data, image.width, image.height);
          return Promise.resolve(code ? code.data : null);
        };
      });
    });
    decoderPromise.catch(function () { decoderPromise = null; });
    return decoderPromise;
  }

  function stopCamera() {
    scanning = false;
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
    stopButton.hidden = true;
    cameraButton.hidden = false;
  }

  async function startCamera() {
    scanStatus.textContent = w("verifikasi_scan_looking");
    try {
      var decode = await decoder();
      stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false});
      video.srcObject = stream;
      video.hidden = false;
      cameraButton.hidden = true;
      stopButton.hidden = false;
      await video.play();
      scanning = true;
      var tick = async function () {
        if (!scanning) return;
        var found = null;
        if (video.videoWidth) {
          try { found = await decode(video, video.videoWidth, video.videoHeight); } catch (e) { found = null; }
        }
        if (found) {
          stopCamera();
          scanStatus.textContent = "";
          box.value = found;
          check(found);
        } else {
          setTimeout(tick, 250);
        }
      };
      tick();
    } catch (e) {
      stopCamera();
      scanStatus.textContent = w("verifikasi_camera_failed");
    }
  }

  async function readPhoto() {
    var file = photo.files && photo.files[0];
    if (!file) return;
    scanStatus.textContent = w("verifikasi_checking");
    try {
      var decode = await decoder();
      var bitmap = await createImageBitmap(file);
      var found = await decode(bitmap, bitmap.width, bitmap.height);
      if (!found) {
        scanStatus.textContent = w("verifikasi_scan_none");
        return;
      }
      scanStatus.textContent = "";
      box.value = found;
      check(found);
    } catch (e) {
      scanStatus.textContent = w("verifikasi_scan_none");
    }
  }

  var nojs = document.getElementById("verify-nojs");
  if (nojs) nojs.hidden = true;
  scan.hidden = false;
  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    cameraButton.hidden = false;
    cameraButton.addEventListener("click", startCamera);
    stopButton.addEventListener("click", stopCamera);
  }
  photo.addEventListener("change", readPhoto);

  // -- at load: keep the keys fresh for a later offline check, and check what the QR code opened --------
  var keys = cachedKeys();
  var age = keys && keys.fetched_at ? Date.now() - Date.parse(keys.fetched_at) : Infinity;
  var fresh = age < 24 * 3600 * 1000 ? Promise.resolve(keys) : refreshKeys().catch(function () { return keys; });
  var fragment = location.hash.length > 1 ? location.hash.slice(1) : "";
  if (fragment) {
    // The token leaves the address bar and the history at once: phones are shared.
    history.replaceState(null, "", location.pathname + location.search);
    try { fragment = decodeURIComponent(fragment); } catch (e) { /* as it came */ }
    box.value = fragment;
    fresh.then(function () { check(fragment); });
  }
})();
