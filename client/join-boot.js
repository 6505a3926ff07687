/*
 * Join links only: opens the camera and microphone the moment the HTML arrives, and shows the
 * camera in a plain <video> (in #boot-preview) before the app's ~170 kB of script has loaded and
 * run. People judge a call by its first seconds; they see themselves as soon as a static page
 * that only opens the camera would show them.
 *
 * Inlined into index.html at build time (vite.config.ts), so it runs as the HTML is parsed, with no
 * request before it; the server's CSP allows it by its hash (server/src/http/inlineScripts.ts) and
 * no other inline script. It stays tiny and dependency-free (ES5, no imports).
 *
 * Hand-over (client/src/join/boot.ts reads `window.__joinBoot`): the join page takes `media`
 * (the one getUserMedia request: never a second one for the same choice), and its preview adopts
 * `video` (the same element moved into the page, so the picture never blanks). A failed request
 * is handed over the same way: the page then tries each device alone and explains what failed.
 * `discard()` stops the stream and removes the element (bad link, page left).
 *
 * Who gets it: the same rule as the page (`can(role, 'produce')` in packages/shared/src/policy.ts;
 * client/src/join/boot.test.ts checks the two agree for every role). The role is read from the
 * token without checking it: the server checks the token; this only decides whether to ask for
 * the camera, which the page would do a moment later anyway.
 * Keep the constraints equal to constraintsFor({ mic: true, cam: true }) in media/localMedia.ts
 * (also checked by the test).
 */
(function () {
  'use strict';
  var NOT_SENDING = ['observer', 'captioner'];
  if (location.pathname.replace(/\/+$/, '') !== '/join') return;
  var role = null;
  try {
    var token = new URLSearchParams(location.hash.replace(/^#/, '')).get('t');
    var payload = token && token.trim().split('.')[1];
    role = payload ? JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))).role : null;
  } catch (e) {
    role = null;
  }
  if (typeof role !== 'string' || NOT_SENDING.indexOf(role) !== -1) return;
  var devices = navigator.mediaDevices;
  if (!devices || typeof devices.getUserMedia !== 'function') return;

  mark('boot-started');
  var boot = {
    media: devices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true },
      video: { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24 } },
    }),
    /** The stream once it is open (the page reads it synchronously, so its preview starts filled). */
    stream: null,
    /** The <video> showing it, until the page adopts it. */
    video: null,
    discarded: false,
    /** Settles when the preview shows its first frame, or when there will be none (no camera, a
     * refusal): the app waits for it, briefly, before running its own code (client/src/main.tsx). */
    shown: null,
    discard: function () {
      boot.discarded = true;
      markShown();
      stop(boot.stream);
      if (boot.video) boot.video.remove();
      var holder = document.getElementById('boot-preview');
      if (holder) holder.remove();
    },
  };
  var markShown;
  boot.shown = new Promise(function (resolve) { markShown = resolve; });
  window.__joinBoot = boot;
  // Handled by the page; this keeps an unhandled rejection out of the console meanwhile.
  boot.media.catch(function () {});
  boot.media.then(function (stream) {
    mark('boot-camera-open');
    if (boot.discarded) {
      markShown();
      return stop(stream);
    }
    boot.stream = stream;
    if (!stream.getVideoTracks().length) return markShown();
    var video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    video.setAttribute('muted', '');
    video.setAttribute('playsinline', '');
    video.setAttribute('data-testid', 'camera-preview');
    video.srcObject = stream;
    if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(function () { mark('boot-first-frame'); markShown(); });
    else video.addEventListener('playing', markShown);
    boot.video = video;
    var show = function () {
      var holder = document.getElementById('boot-preview');
      var box = holder && holder.querySelector('.preview');
      // The page may have adopted it already (or the holder is gone): nothing to do.
      if (!box || video.isConnected || boot.discarded) return;
      box.appendChild(video);
      holder.hidden = false;
    };
    // The placeholder is parsed long before a camera opens; DOMContentLoaded would wait for the app's modules.
    if (document.getElementById('boot-preview') || document.readyState !== 'loading') show();
    else document.addEventListener('DOMContentLoaded', show);
  }, function () { markShown(); });

  // The same diagnostics as the app's (client/src/lib/marks.ts): performance marks, read by the join bench.
  function mark(name) {
    try {
      performance.mark('mediation:' + name);
    } catch (e) {
      // diagnostics only
    }
  }

  function stop(stream) {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
  }
})();
