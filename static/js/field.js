// Field work on a phone (docs/phones.md): the web app's service worker, photos resized on the phone,
// the phone's location if its user allows, and records written with no signal kept on the phone
// (IndexedDB) and sent when the connection returns.
//   form[data-offline]              kept on the phone before it is sent; data-offline-label names it
//   input[type=file][data-resize]   the picture is redrawn at most N pixels wide or high (JPEG)
//   button[data-locate]             fills the form's latitude, longitude and accuracy fields
// Each form carries a draft key (draft_key): the server saves one draft once, however often it is sent.
(function () {
  "use strict";
  var DB = "quzhi-drafts", STORE = "drafts";
  var body = document.body;
  var user = body.getAttribute("data-user") || "";
  var resizing = [];
  var flushing = false;

  function outbox() { return document.querySelector("[data-outbox]"); }
  function label(name, values) {
    var box = outbox();
    var text = (box && box.getAttribute("data-" + name)) || name;
    Object.keys(values || {}).forEach(function (k) { text = text.replace("%(" + k + ")s", values[k]); });
    return text;
  }

  // The service worker: the site's own static files, for a weak or no signal.
  if ("serviceWorker" in navigator && body.getAttribute("data-sw")) {
    navigator.serviceWorker.register(body.getAttribute("data-sw"), { scope: "/" }).catch(function () {});
  }

  // A random draft key. crypto.randomUUID needs HTTPS; getRandomValues works on an intranet's http too.
  function uuid() {
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function csrf() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) return field.value;
    try { return JSON.parse(body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  // IndexedDB ------------------------------------------------------------------------------------
  function db() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "key" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function run(mode, work) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var t = d.transaction(STORE, mode), result;
        var request = work(t.objectStore(STORE));
        if (request) request.onsuccess = function () { result = request.result; };
        t.oncomplete = function () { d.close(); resolve(result); };
        t.onerror = function () { d.close(); reject(t.error); };
      });
    });
  }
  function put(draft) { return run("readwrite", function (s) { return s.put(draft); }); }
  function remove(key) { return run("readwrite", function (s) { return s.delete(key); }); }
  function mine() {
    return run("readonly", function (s) { return s.getAll(); }).then(function (all) {
      return (all || []).filter(function (d) { return d.user === user; })
        .sort(function (a, b) { return a.created < b.created ? -1 : 1; });
    });
  }

  // Forms kept on the phone ------------------------------------------------------------------------
  function newKey(form) {
    var field = form.querySelector("input[name=draft_key]");
    if (field) field.value = uuid();
  }
  function prepare(root) {
    (root || document).querySelectorAll("form[data-offline]").forEach(function (form) {
      var field = form.querySelector("input[name=draft_key]");
      if (field && !field.value) newKey(form);
    });
  }

  function toDraft(form) {
    var stamp = form.querySelector("input[name=recorded_at]");
    if (stamp) stamp.value = new Date().toISOString();
    var data = new FormData(form), fields = [], files = [], text = [];
    data.forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") return;
      if (value instanceof File) {
        if (value.size) files.push([name, value, value.name]);
      } else {
        fields.push([name, value]);
        var input = form.elements[name];
        if (input && input.tagName === "TEXTAREA" && value) text.push(value);
      }
    });
    var key = (form.querySelector("input[name=draft_key]") || {}).value || uuid();
    if (!fields.some(function (f) { return f[0] === "draft_key"; })) fields.push(["draft_key", key]);
    return {
      key: key, user: user, url: form.action || location.href, page: location.pathname,
      label: form.getAttribute("data-offline-label") || document.title, text: text.join(" / "),
      fields: fields, files: files, created: new Date().toISOString(), state: "pending", message: ""
    };
  }

  // Send one draft: {ok, url} once saved (or saved before), else the draft's new state and why.
  function send(draft) {
    var data = new FormData();
    draft.fields.forEach(function (f) { data.append(f[0], f[1]); });
    draft.files.forEach(function (f) { data.append(f[0], f[1], f[2]); });
    data.append("csrfmiddlewaretoken", csrf());
    return fetch(draft.url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Quzhi-Draft": draft.key, "X-CSRFToken": csrf(), "Accept": "application/json" }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) return { state: "login", message: label("login") };
      return response.json().then(function (answer) {
        if (response.ok && answer.ok) return { ok: true, url: answer.url };
        if (response.status === 409) return { state: "conflict", message: answer.conflict, final: answer.final !== false };
        return { state: "refused", message: answer.error || String(response.status) };
      });
    }, function () { return { state: "pending", message: "" }; });
  }

  // Every pending draft of this user, one after another; the list is drawn again after each.
  function flush() {
    if (flushing || !navigator.onLine) return Promise.resolve();
    flushing = true;
    return mine().then(function (drafts) {
      var queue = drafts.filter(function (d) { return d.state === "pending" || d.state === "login"; });
      var chain = Promise.resolve(), here = false;
      queue.forEach(function (draft) {
        chain = chain.then(function () {
          return send(draft).then(function (result) {
            if (result.ok) {
              here = here || draft.page === location.pathname;
              return remove(draft.key);
            }
            draft.state = result.state;
            draft.message = result.message;
            draft.final = !!result.final;
            return put(draft);
          });
        });
      });
      // A record saved for the page on the screen: the page is loaded again to show it.
      return chain.then(function () { if (here) location.reload(); });
    }).catch(function () {}).then(function () { flushing = false; return render(); });
  }

  function render() {
    var box = outbox();
    if (!box || !window.indexedDB) return Promise.resolve();
    return mine().then(function (drafts) {
      box.textContent = "";
      box.hidden = drafts.length === 0;
      if (!drafts.length) return;
      var title = document.createElement("h2");
      title.className = "h6";
      title.textContent = label("title") + " (" + drafts.length + ")";
      box.appendChild(title);
      drafts.forEach(function (draft) {
        var item = document.createElement("div");
        item.className = "mb-2 " + (draft.state === "pending" || draft.state === "login" ? "qz-pending" : "qz-conflict");
        item.setAttribute("data-draft", draft.key);
        item.setAttribute("data-state", draft.state);
        var head = document.createElement("div");
        var badge = document.createElement("span");
        badge.className = "badge me-1 " + (draft.state === "pending" ? "text-bg-warning" : "text-bg-danger");
        badge.textContent = label(draft.state === "login" ? "pending" : draft.state);
        head.appendChild(badge);
        var link = document.createElement("a");
        link.href = draft.page;
        link.textContent = draft.label;
        head.appendChild(link);
        var when = document.createElement("span");
        when.className = "text-muted small ms-1";
        when.textContent = new Date(draft.created).toLocaleString();
        head.appendChild(when);
        if (draft.files.length) {
          var photo = document.createElement("span");
          photo.className = "badge text-bg-light border ms-1";
          photo.textContent = label("photo");
          head.appendChild(photo);
        }
        item.appendChild(head);
        if (draft.text) {
          var text = document.createElement("div");
          text.className = "small";
          text.textContent = draft.text;  // what the user wrote: shown whatever happens, never lost
          item.appendChild(text);
        }
        if (draft.message) {
          var why = document.createElement("div");
          why.className = "small text-danger";
          why.textContent = draft.message;
          item.appendChild(why);
        }
        var actions = document.createElement("div");
        actions.className = "d-flex gap-2 mt-1";
        // 仍然发送 only where sending again can succeed: the case moved on but still takes the record.
        if (draft.state === "conflict") { if (!draft.final) actions.appendChild(button(label("force"), "force", draft.key)); }
        else if (draft.state !== "refused") actions.appendChild(button(label("send"), "send", draft.key));
        actions.appendChild(button(label("delete"), "delete", draft.key));
        item.appendChild(actions);
        box.appendChild(item);
      });
    }).catch(function () {});
  }

  function button(text, action, key) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm btn-outline-secondary";
    b.textContent = text;
    b.setAttribute("data-draft-action", action);
    b.setAttribute("data-key", key);
    return b;
  }

  document.addEventListener("click", function (event) {
    var b = event.target.closest && event.target.closest("[data-draft-action]");
    if (!b) return;
    var key = b.getAttribute("data-key"), action = b.getAttribute("data-draft-action");
    if (action === "delete") {
      if (window.confirm(label("confirm-delete"))) remove(key).then(render);
      return;
    }
    mine().then(function (drafts) {
      var draft = drafts.filter(function (d) { return d.key === key; })[0];
      if (!draft) return;
      if (action === "force") {
        // The user has read the conflict and sends the record as it is, for the case as it now stands.
        draft.fields = draft.fields.filter(function (f) { return f[0] !== "seen_state"; });
      }
      draft.state = "pending";
      draft.message = "";
      return put(draft).then(flush);
    });
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-offline") || event.defaultPrevented) return;
    if (!window.indexedDB || !window.fetch) return;  // an old browser posts the form as it is
    event.preventDefault();
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    Promise.all(resizing).then(function () {
      var draft = toDraft(form);
      return put(draft).then(function () { return navigator.onLine ? send(draft) : { state: "pending" }; })
        .then(function (result) {
          if (result.ok) {
            return remove(draft.key).then(function () { location.assign(result.url); });
          }
          if (result.state === "refused") {
            // Answered, but not saved: the form keeps what was written, with the reason beside it.
            return remove(draft.key).then(function () { formError(form, result.message); });
          }
          draft.state = result.state;
          draft.message = result.message || "";
          draft.final = !!result.final;
          return put(draft).then(function () {
            form.reset();
            form.querySelectorAll("[data-locate-status], [data-resize-status]").forEach(function (s) { s.textContent = ""; });
            newKey(form);
            formError(form, result.state === "pending" ? label("kept") : "", result.state === "pending");
            return render();
          });
        });
    }).catch(function () {}).then(function () { buttons.forEach(function (b) { b.disabled = false; }); });
  });

  function formError(form, message, calm) {
    var note = form.querySelector("[data-form-message]");
    if (!note) {
      note = document.createElement("div");
      note.setAttribute("data-form-message", "");
      form.insertBefore(note, form.firstChild);
    }
    note.className = "alert py-2 " + (calm ? "alert-warning" : "alert-danger");
    note.textContent = message;
    note.hidden = !message;
  }

  // Photos: redrawn on the phone at most N pixels wide or high, as JPEG, before they are sent ----------
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-resize]") || !input.files.length) return;
    var file = input.files[0];
    if (!/^image\//.test(file.type) || !window.createImageBitmap) return;
    var max = parseInt(input.getAttribute("data-resize"), 10) || 1600;
    var job = createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, max / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", 0.82); }).then(function (blob) {
        if (!blob) return;
        var name = (file.name.replace(/\.[^.]*$/, "") || "photo") + ".jpg";
        var resized = new File([blob], name, { type: "image/jpeg", lastModified: file.lastModified });
        var list = new DataTransfer();
        list.items.add(resized);
        input.files = list.files;
        input.setAttribute("data-resized", canvas.width + "x" + canvas.height);
        var status = input.parentNode.querySelector("[data-resize-status]");
        if (!status) {
          status = document.createElement("div");
          status.className = "form-text";
          status.setAttribute("data-resize-status", "");
          input.parentNode.appendChild(status);
        }
        status.textContent = label("resized", { size: canvas.width + "×" + canvas.height, kb: Math.round(blob.size / 1024) });
      });
    }).catch(function () {});  // a picture the browser cannot draw is sent as it is; the server checks it
    resizing.push(job);
    job.then(function () { resizing = resizing.filter(function (j) { return j !== job; }); });
  });

  // Where the phone is, if its user allows ------------------------------------------------------------
  document.addEventListener("click", function (event) {
    var b = event.target.closest && event.target.closest("[data-locate]");
    if (!b || !b.form) return;
    var form = b.form, status = form.querySelector("[data-locate-status]");
    function say(text) { if (status) status.textContent = text; }
    if (!navigator.geolocation) { say(label("no-location")); return; }
    say(label("locating"));
    navigator.geolocation.getCurrentPosition(function (position) {
      var c = position.coords;
      form.elements.latitude.value = c.latitude.toFixed(6);
      form.elements.longitude.value = c.longitude.toFixed(6);
      if (form.elements.accuracy) form.elements.accuracy.value = Math.min(100000, Math.round(c.accuracy || 0));
      say(label("located", { m: Math.round(c.accuracy || 0) }));
    }, function () { say(label("no-location")); }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });

  function start() {
    prepare(document);
    render().then(flush);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  window.addEventListener("online", flush);
  // A weak signal need not make the browser say "online" again: pending records are retried too.
  window.setInterval(flush, 20000);
  document.addEventListener("htmx:afterSwap", function (event) { prepare(event.detail.target); });
})();
