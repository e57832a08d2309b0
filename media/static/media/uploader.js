/* Resumable uploads (media/resumable.py). A form whose file inputs carry
   data-resumable="<purpose>" sends each chosen file ahead in chunks, each with its
   CRC-32, showing the progress; after a dropped connection it waits and goes on
   from the offset the server holds (a reload and the same file chosen again go on
   too). Then the form is sent with the upload ids in place of the files.
   Messages come from the data-msg-* attributes of [data-upload-progress]. */
(function () {
  "use strict";

  var START = "/uploads/";
  var TABLE = (function () {
    var table = new Uint32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
    return table;
  })();

  function crc32(bytes) {
    var crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) {
      crc = TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    }
    return ("0000000" + ((crc ^ 0xffffffff) >>> 0).toString(16)).slice(-8);
  }

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_all, key) {
      return values[key];
    });
  }

  function wait(seconds, retryButton) {
    return new Promise(function (resolve) {
      var timer = setTimeout(done, seconds * 1000);
      function done() {
        clearTimeout(timer);
        retryButton.hidden = true;
        retryButton.removeEventListener("click", done);
        window.removeEventListener("online", done);
        resolve();
      }
      retryButton.hidden = false;
      retryButton.addEventListener("click", done);
      window.addEventListener("online", done);
    });
  }

  /* One request; resolves with the JSON answer, rejects with {status, body}
     (status 0: the network failed). */
  function request(method, url, options) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      var headers = options.headers || {};
      Object.keys(headers).forEach(function (name) {
        xhr.setRequestHeader(name, headers[name]);
      });
      if (options.onProgress) {
        xhr.upload.onprogress = function (event) {
          options.onProgress(event.loaded);
        };
      }
      xhr.onload = function () {
        var body = {};
        try {
          body = xhr.responseText ? JSON.parse(xhr.responseText) : {};
        } catch (_error) {
          body = {};
        }
        if (xhr.status >= 200 && xhr.status < 300) resolve(body);
        else reject({ status: xhr.status, body: body });
      };
      xhr.onerror = xhr.onabort = xhr.ontimeout = function () {
        reject({ status: 0, body: {} });
      };
      xhr.send(options.body === undefined ? null : options.body);
    });
  }

  /* A dropped connection, a server in trouble, a chunk damaged on the way or an
     expired part URL are tried again; any other refusal is final. */
  function retryable(error, state) {
    if (error.status === 0 || error.status >= 500 || error.status === 429) return true;
    if (error.status === 400) return error.body.code === "checksum" || error.body.code === "short";
    return state.multipart && error.status === 403;
  }

  function Uploader(form, box) {
    this.form = form;
    this.box = box;
    this.bar = box.querySelector("progress");
    this.text = box.querySelector("[data-upload-text]");
    this.retry = box.querySelector("[data-upload-retry]");
    this.token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  }

  Uploader.prototype.say = function (key, values) {
    this.text.textContent = format(this.box.dataset[key] || "", values || {});
  };

  Uploader.prototype.post = function (url, fields) {
    var data = new FormData();
    Object.keys(fields).forEach(function (name) {
      data.append(name, fields[name]);
    });
    return request("POST", url, { headers: { "X-CSRFToken": this.token }, body: data });
  };

  Uploader.prototype.show = function (sent) {
    var percent = this.total ? Math.floor((100 * sent) / this.total) : 100;
    this.bar.value = percent;
    this.say("msgSending", { name: this.current, percent: percent + " %" });
  };

  Uploader.prototype.sendChunk = function (state, url, bytes, before) {
    var self = this;
    var onProgress = function (loaded) {
      self.show(before + Math.min(loaded, bytes.length));
    };
    if (!state.multipart) {
      return request("PUT", url, {
        headers: {
          "X-CSRFToken": this.token,
          "Upload-Offset": String(state.offset),
          "Upload-Checksum": "crc32 " + crc32(bytes),
          "Content-Type": "application/octet-stream",
        },
        body: bytes,
        onProgress: onProgress,
      });
    }
    var number = Math.floor(state.offset / state.chunk) + 1;
    return this.post(url + "parts/" + number + "/", { size: bytes.length }).then(
      function (part) {
        return request("PUT", part.url, { body: bytes, onProgress: onProgress });
      }
    ).then(function () {
      return { offset: state.offset + bytes.length };
    });
  };

  /* Sends one file; resolves with its upload id. */
  Uploader.prototype.send = async function (file, purpose) {
    var memo = ["jiangxin-upload", purpose, file.name, file.size, file.lastModified].join(":");
    var state = null;
    var saved = window.localStorage && localStorage.getItem(memo);
    if (saved) {
      state = await request("GET", START + saved + "/", {}).catch(function () {
        return null;
      });
    }
    if (!state || state.complete) {
      state = await this.post(START, { purpose: purpose, filename: file.name, size: file.size });
      if (window.localStorage) localStorage.setItem(memo, state.id);
    }
    var url = START + state.id + "/";
    var failures = 0;
    this.current = file.name;
    while (state.offset < file.size) {
      var end = Math.min(file.size, state.offset + state.chunk);
      var bytes = new Uint8Array(await file.slice(state.offset, end).arrayBuffer());
      var before = this.sentBefore + state.offset;
      this.show(before);
      try {
        var answer = await this.sendChunk(state, url, bytes, before);
        state.offset = answer.offset;
        failures = 0;
      } catch (error) {
        if (error.status === 409 && typeof error.body.offset === "number") {
          state.offset = error.body.offset; // the server holds more, or less: go on from there
          continue;
        }
        if (!retryable(error, state)) throw error;
        failures += 1;
        var seconds = Math.min(30, Math.pow(2, failures - 1));
        this.say("msgOffline", { seconds: seconds });
        await wait(seconds, this.retry);
        if (!state.multipart) {
          state = await request("GET", url, {}).catch(function () {
            return state;
          });
        }
      }
    }
    this.say("msgChecking", { name: file.name });
    var done = await this.post(url + "complete/", {}).catch(function (error) {
      if (window.localStorage) localStorage.removeItem(memo);
      throw error;
    });
    if (window.localStorage) localStorage.removeItem(memo);
    this.sentBefore += file.size;
    return done.id;
  };

  Uploader.prototype.run = async function (inputs) {
    var self = this;
    this.total = 0;
    this.sentBefore = 0;
    inputs.forEach(function (input) {
      Array.prototype.forEach.call(input.files, function (file) {
        self.total += file.size;
      });
    });
    this.box.hidden = false;
    var added = [];
    try {
      for (var i = 0; i < inputs.length; i++) {
        var input = inputs[i];
        for (var j = 0; j < input.files.length; j++) {
          var id = await this.send(input.files[j], input.dataset.resumable);
          var hidden = document.createElement("input");
          hidden.type = "hidden";
          hidden.name = input.dataset.uploadField;
          hidden.value = id;
          this.form.appendChild(hidden);
          added.push(hidden);
        }
      }
    } catch (error) {
      added.forEach(function (hidden) {
        hidden.remove();
      });
      var reason = (error && error.body && error.body.error) || "";
      this.say(reason ? "msgRefused" : "msgStopped", { reason: reason });
      this.box.classList.add("is-error");
      return false;
    }
    inputs.forEach(function (input) {
      input.disabled = true; // the files went ahead: the form carries their ids
    });
    this.bar.value = 100;
    this.say("msgDone");
    return true;
  };

  document.querySelectorAll("[data-upload-progress]").forEach(function (box) {
    var form = box.closest("form");
    if (!form || !window.FormData || !window.Blob || !Blob.prototype.arrayBuffer) return;
    var busy = false;
    form.addEventListener(
      "submit",
      function (event) {
        var inputs = Array.prototype.filter.call(
          form.querySelectorAll("input[type=file][data-resumable]"),
          function (input) {
            return input.files && input.files.length;
          }
        );
        if (!inputs.length) return; // nothing to send ahead: the form goes as it is
        event.preventDefault();
        if (busy) return;
        busy = true;
        box.classList.remove("is-error");
        new Uploader(form, box).run(inputs).then(function (sent) {
          busy = false;
          if (sent) form.submit();
        });
      },
      true
    );
  });
})();
