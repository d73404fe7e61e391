// The door (templates/checkin.cs): scans QR codes with the phone's camera and
// posts each code through the page's own form, so typed codes, a keyboard-
// wedge scanner and the camera all take one path; the answer's panel and
// counts replace the page's.  BarcodeDetector where the browser has one, else
// jsQR (npm, served from /static/vendor/jsQR.js, loaded only then).  Without
// JavaScript the page is the plain form.  The path that ran is left in
// <html data-qr-decoder> for the browser test.
(function () {
  "use strict";
  var root = document.querySelector(".checkin");
  if (!root) return;
  var form = root.querySelector(".checkin-form");
  var code = form.querySelector("#code");
  var door = form.querySelector("#door");
  var cam = root.querySelector(".checkin-camera");
  var video = root.querySelector(".checkin-video");
  var startBtn = root.querySelector(".checkin-camera-start");
  var status = root.querySelector(".checkin-camera-status");
  var stream = null, detector = null, canvas = null, ctx = null, timer = null;
  var last = "", lastAt = 0, busy = false, audio = null;
  var KEY = "kametay.door";

  if (door && !door.value && window.localStorage) {
    try { door.value = localStorage.getItem(KEY) || ""; } catch (e) { /* private mode */ }
  }

  // A verdict you can hear: two high beeps let in, a low long one stops.
  function beep(result) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (!result) return audio.resume();   // a tap unlocks audio for the scans after it
      var tones = result === "ok" ? [[880, 0, 0.12], [1320, 0.16, 0.12]]
        : result === "already" ? [[440, 0, 0.2], [440, 0.3, 0.2]] : [[200, 0, 0.6]];
      tones.forEach(function (t) {
        var o = audio.createOscillator(), g = audio.createGain();
        o.frequency.value = t[0];
        o.type = result === "ok" ? "sine" : "square";
        g.gain.value = 0.15;
        o.connect(g); g.connect(audio.destination);
        o.start(audio.currentTime + t[1]);
        o.stop(audio.currentTime + t[1] + t[2]);
      });
    } catch (e) { /* no audio: the panel says it */ }
  }

  function swap(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    [".checkin-result", ".checkin-figures"].forEach(function (sel) {
      var fresh = doc.querySelector(sel), old = root.querySelector(sel);
      if (fresh && old) old.replaceWith(fresh);
    });
    var r = root.querySelector(".checkin-result");
    return r ? r.getAttribute("data-result") : "";
  }

  function submit(value) {
    if (busy) return;
    busy = true;
    var data = new URLSearchParams(new FormData(form));
    data.set("code", value);
    if (door && window.localStorage) {
      try { localStorage.setItem(KEY, door.value); } catch (e) { /* private mode */ }
    }
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" } })
      .then(function (res) { return res.text(); })
      .then(function (html) { beep(swap(html)); })
      .catch(function () { status.textContent = status.getAttribute("data-failed"); beep("invalid"); })
      .then(function () { busy = false; code.value = ""; if (!stream) code.focus(); });
  }

  // Typed codes and keyboard-wedge scanners (which type the code and Enter).
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (code.value.trim()) submit(code.value.trim());
  });

  // Counts from the other doors, every few seconds while the page is seen.
  setInterval(function () {
    if (document.hidden || busy) return;
    fetch(form.action, { credentials: "same-origin" })
      .then(function (res) { return res.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelector(".checkin-figures"), old = root.querySelector(".checkin-figures");
        if (fresh && old) old.replaceWith(fresh);
      })
      .catch(function () { /* the next round */ });
  }, 5000);

  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !cam) return;
  cam.hidden = false;

  function found(text) {
    var now = Date.now();
    // the same code stays in front of the camera: once every few seconds
    if (!text || (text === last && now - lastAt < 4000)) return;
    last = text;
    lastAt = now;
    submit(text);
  }

  function loadJsQR() {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) return resolve();
      var s = document.createElement("script");
      s.src = "/static/vendor/jsQR.js";
      s.onload = function () { window.jsQR ? resolve() : reject(new Error("no jsQR")); };
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  function pickDecoder() {
    if ("BarcodeDetector" in window) {
      return window.BarcodeDetector.getSupportedFormats().then(function (f) {
        if (f.indexOf("qr_code") < 0) throw new Error("no qr_code");
        detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        return "barcodedetector";
      }).catch(function () { return loadJsQR().then(function () { return "jsqr"; }); });
    }
    return loadJsQR().then(function () { return "jsqr"; });
  }

  function tick() {
    timer = null;
    if (!stream) return;
    var next = function () { if (stream) timer = setTimeout(tick, 150); };
    if (video.readyState < 2 || busy) return next();
    if (detector) {
      detector.detect(video).then(function (codes) {
        if (codes.length) found(codes[0].rawValue);
      }).catch(function () { /* a frame it could not read */ }).then(next);
      return;
    }
    var w = video.videoWidth, h = video.videoHeight;
    if (!w || !h) return next();
    if (canvas.width !== w) { canvas.width = w; canvas.height = h; }
    ctx.drawImage(video, 0, 0, w, h);
    var img = ctx.getImageData(0, 0, w, h);
    var qr = window.jsQR(img.data, w, h, { inversionAttempts: "dontInvert" });
    if (qr && qr.data) found(qr.data);
    next();
  }

  function stop() {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    video.hidden = true;
    startBtn.textContent = startBtn.getAttribute("data-start");
    status.textContent = "";
  }

  startBtn.addEventListener("click", function () {
    if (stream) return stop();
    beep("");
    pickDecoder().then(function (path) {
      document.documentElement.setAttribute("data-qr-decoder", path);
      if (!detector) {
        canvas = document.createElement("canvas");
        ctx = canvas.getContext("2d", { willReadFrequently: true });
      }
      return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.hidden = false;
      startBtn.textContent = startBtn.getAttribute("data-stop");
      status.textContent = status.getAttribute("data-scanning");
      return video.play();
    }).then(function () { if (!timer) tick(); })
      .catch(function (e) {
        stop();
        status.textContent = status.getAttribute(e && e.name === "NotAllowedError" ? "data-denied" : "data-none");
      });
  });
}());
