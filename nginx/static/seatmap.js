/* Kametay — the seat-map modal.
   Enhances links and buttons with data-seatmap="/api/events/ID/seats/": instead of following the link
   to the form-based seat list, it opens a <dialog> with the hall drawn as SVG from the seats API.
   Buying (default): data-hold = form action, data-max = seats per person.
   Changing a ticket's seat (data-mode="change"): data-action = form action, data-category = the only
   category that may be chosen, data-current = the ticket's seat id; one seat.
   The choice is sent as a real POST form (seat=ID fields, the CSRF token from the template), so the
   server decides as it does without JavaScript. Strings come from data-s-* attributes of the
   template in templates/seatmap_dialog.cs. */
(function () {
  "use strict";

  var SVGNS = "http://www.w3.org/2000/svg";
  var R = 11;            /* seat radius in plan units, as cgi/hallplan.c draws it */
  var POLL_MS = 5000;
  var DRAG_PX = 6;       /* a pointer that moves less than this is a tap, not a pan */
  var MIN_TAP_PX = 24;   /* seats drawn smaller than this (WCAG 2.2's target size) are zoomed to before a finger chooses */

  if (typeof HTMLDialogElement !== "function" || !window.fetch) return;

  /* Minor units to "12 500" or "12 500.50", like format_money() in cgi/util.c. */
  function money(minor) {
    if (minor === null || minor === undefined) return "";
    var neg = minor < 0, m = Math.abs(minor);
    var major = Math.floor(m / 100), frac = m % 100;
    var s = String(major).replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
    if (frac) s += "." + (frac < 10 ? "0" : "") + frac;
    return (neg ? "-" : "") + s;
  }

  function svg(name, attrs, parent) {
    var e = document.createElementNS(SVGNS, name);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  function SeatMap(opener, template) {
    this.opener = opener;
    this.mode = opener.getAttribute("data-mode") === "change" ? "change" : "buy";
    this.url = opener.getAttribute("data-seatmap");
    this.action = opener.getAttribute("data-action") || opener.getAttribute("data-hold");
    this.max = this.mode === "change" ? 1 : (parseInt(opener.getAttribute("data-max"), 10) || 1);
    this.currency = opener.getAttribute("data-currency") || "";
    this.onlyCategory = this.mode === "change" ? opener.getAttribute("data-category") : null;
    this.current = opener.getAttribute("data-current") || "";
    this.seats = [];
    this.byId = Object.create(null);
    this.chosen = [];       /* seat ids, in the order they were chosen */
    this.focusId = null;
    this.etag = null;
    this.pointers = {};
    this.built = false;

    var frag = template.content.cloneNode(true);
    this.dialog = frag.querySelector("dialog");
    this.s = this.dialog.dataset;
    this.form = this.dialog.querySelector("form");
    this.svg = this.dialog.querySelector(".seatmap-svg");
    this.stage = this.dialog.querySelector(".seatmap-stage");
    this.loading = this.dialog.querySelector(".seatmap-loading");
    this.legend = this.dialog.querySelector(".seatmap-legend");
    this.summary = this.dialog.querySelector(".seatmap-summary");
    this.inputs = this.dialog.querySelector(".seatmap-inputs");
    this.submit = this.dialog.querySelector(".seatmap-submit");
    this.form.action = this.action;
    if (this.mode === "change") {
      this.dialog.querySelector(".seatmap-title").textContent = this.s.sTitleChange;
      this.submit.textContent = this.s.sSubmitChange;
    }
    var sub = opener.getAttribute("data-title");
    if (sub) this.dialog.querySelector(".seatmap-sub").textContent = sub;
    document.body.appendChild(frag);
    this.bind();
  }

  SeatMap.prototype.open = function () {
    var self = this;
    this.dialog.showModal();
    this.load(true);
    this.timer = window.setInterval(function () {
      if (!document.hidden) self.load(false);
    }, POLL_MS);
  };

  SeatMap.prototype.bind = function () {
    var self = this, d = this.dialog;
    d.addEventListener("close", function () {
      window.clearInterval(self.timer);
      if (d.parentNode) d.parentNode.removeChild(d);
      if (self.opener.isConnected) self.opener.focus();
    });
    d.querySelector("[data-close]").addEventListener("click", function () { d.close(); });
    d.querySelector(".seatmap-zoom").addEventListener("click", function (ev) {
      var b = ev.target.closest("[data-zoom]");
      if (!b || !self.built) return;
      var z = b.getAttribute("data-zoom");
      if (z === "fit") self.setView(self.base);
      else self.zoomAt(z === "in" ? 1.5 : 1 / 1.5, null);
    });
    this.form.addEventListener("submit", function (ev) {
      if (self.chosen.length === 0) {
        ev.preventDefault();
        self.say(self.s.sPick);
        var f = self.byId[self.focusId];
        if (f) f.node.focus();
      }
    });
    this.svg.addEventListener("click", function (ev) {
      if (self.suppressClick) { self.suppressClick = false; return; }
      var g = ev.target.closest && ev.target.closest(".sm-seat");
      if (g && ev.detail > 0 && self.lastPointer === "touch" && 2 * R / self.unitsPerPixel() < MIN_TAP_PX) {
        /* a finger on seats too small to hit surely zooms in there first; a mouse, the
           keyboard and screen readers' clicks always choose */
        self.zoomAt(MIN_TAP_PX * 1.6 * self.unitsPerPixel() / (2 * R), ev);
        self.say(self.s.sZoomed);
        return;
      }
      if (g) {
        self.setFocus(g.getAttribute("data-id"), false);
        self.toggle(self.byId[g.getAttribute("data-id")]);
      }
    });
    this.svg.addEventListener("keydown", function (ev) { self.key(ev); });
    this.svg.addEventListener("wheel", function (ev) {
      if (!self.built) return;
      ev.preventDefault();
      self.zoomAt(Math.exp(-ev.deltaY * (ev.deltaMode === 1 ? 0.05 : 0.0025)), ev);
    }, { passive: false });
    this.svg.addEventListener("pointerdown", function (ev) { self.down(ev); });
    this.svg.addEventListener("pointermove", function (ev) { self.move(ev); });
    ["pointerup", "pointercancel", "pointerleave"].forEach(function (t) {
      self.svg.addEventListener(t, function (ev) { self.up(ev); });
    });
  };

  /* ---- data ---- */

  SeatMap.prototype.load = function (first) {
    var self = this, headers = { "Accept": "application/json" };
    if (this.etag) headers["If-None-Match"] = this.etag;
    fetch(this.url, { headers: headers, credentials: "same-origin", cache: "no-store" })
      .then(function (res) {
        if (res.status === 304) return null;
        var tag = res.headers.get("ETag");
        return res.json().then(function (body) {
          if (!res.ok) throw new Error(body && body.message ? body.message : "HTTP " + res.status);
          self.etag = tag;
          return body;
        });
      })
      .then(function (body) {
        if (!body || !Array.isArray(body.seats)) return;
        if (!self.built || self.changedSet(body.seats)) self.build(body.seats);
        else self.refresh(body.seats);
      })
      .catch(function (err) {
        if (!first && self.built) return;   /* a missed poll is retried in 5 s */
        self.fail(err && err.message);
      });
  };

  SeatMap.prototype.fail = function (detail) {
    this.loading.hidden = false;
    this.loading.textContent = "";
    var p = document.createElement("span");
    p.textContent = this.s.sError + (detail && detail.indexOf("HTTP") !== 0 ? " " + detail : "") + " ";
    var a = document.createElement("a");
    a.href = this.opener.getAttribute("href") || this.action;
    a.textContent = this.s.sFallback;
    this.loading.appendChild(p);
    this.loading.appendChild(a);
    this.loading.classList.add("seatmap-error");
  };

  SeatMap.prototype.changedSet = function (list) {
    if (list.length !== this.seats.length) return true;
    for (var i = 0; i < list.length; i++) if (!this.byId[String(list[i].id)]) return true;
    return false;
  };

  /* Whether a seat can be chosen here, and the words that say why not. */
  SeatMap.prototype.judge = function (st) {
    st.isCurrent = this.current !== "" && String(st.id) === this.current;
    st.other = this.onlyCategory !== null && st.category !== this.onlyCategory;
    var mine = this.mode === "buy" && st.mine;
    st.free = !st.isCurrent && !st.other && st.price !== null && (st.status === "available" || mine);
  };

  SeatMap.prototype.labelOf = function (st) {
    var s = this.s;
    var parts = [st.section, s.sRow + " " + st.row, s.sSeat + " " + st.seat,
      s.sCategory + " " + st.category];
    if (st.price !== null) parts.push(money(st.price) + " " + this.currency);
    if (st.isCurrent) parts.push(s.sCurrent);
    else if (st.other) parts.push(s.sOther);
    else if (!st.free) parts.push(s.sTaken);
    return parts.join(", ");
  };

  SeatMap.prototype.build = function (list) {
    var self = this, keep = this.chosen.slice();
    var first = !this.built;
    this.seats = [];
    this.byId = Object.create(null);
    this.chosen = [];
    while (this.svg.firstChild) this.svg.removeChild(this.svg.firstChild);

    /* Categories in the order the API first names them give the colours cat-0 … cat-9: the same
       order cgi/shop.c numbers them in on the form-based page (one query behind both). */
    var cats = Object.create(null), names = [];
    list.forEach(function (x) {
      if (!(x.category in cats)) { cats[x.category] = null; names.push(x.category); }
      if (cats[x.category] === null && x.price !== null && x.price !== undefined) cats[x.category] = x.price;
    });
    this.catClass = Object.create(null);
    names.forEach(function (n, i) { self.catClass[n] = "cat-" + Math.min(i, 9); });

    if (list.length === 0) { this.fail(""); return; }

    var minx = Infinity, maxx = -Infinity, miny = Infinity, maxy = -Infinity;
    list.forEach(function (x) {
      minx = Math.min(minx, x.x); maxx = Math.max(maxx, x.x);
      miny = Math.min(miny, x.y); maxy = Math.max(maxy, x.y);
    });
    var stageY = miny - 90;
    var sw = Math.max(maxx - minx, 300) * 0.7;
    var cx = minx + (maxx - minx) / 2;
    var vx = Math.min(minx - 70, cx - sw / 2 - 20);
    var vw = Math.max(maxx + 40, cx + sw / 2 + 20) - vx;
    var vy = stageY - 20;
    var vh = maxy + R + 20 - vy;
    this.base = { x: vx, y: vy, w: vw, h: vh };

    var decor = svg("g", { "class": "sm-decor", "aria-hidden": "true" }, this.svg);
    svg("rect", { "class": "sm-stage", x: cx - sw / 2, y: stageY, width: sw, height: 34, rx: 6 }, decor);
    svg("text", { "class": "sm-stage-label", x: cx, y: stageY + 23, "text-anchor": "middle" }, decor)
      .textContent = this.s.sStage;

    var sections = Object.create(null), rows = Object.create(null);
    list.forEach(function (x) {
      var sc = sections[x.section] || (sections[x.section] = { x0: x.x, x1: x.x, y0: x.y });
      sc.x0 = Math.min(sc.x0, x.x); sc.x1 = Math.max(sc.x1, x.x); sc.y0 = Math.min(sc.y0, x.y);
      var key = x.section + "\u0000" + x.row;
      var rw = rows[key];
      if (!rw || x.x < rw.x) rows[key] = { x: x.x, y: x.y, label: x.row };
    });
    Object.keys(sections).forEach(function (n) {
      var sc = sections[n];
      svg("text", { "class": "sm-section", x: (sc.x0 + sc.x1) / 2, y: sc.y0 - R - 14, "text-anchor": "middle" }, decor)
        .textContent = n;
    });
    Object.keys(rows).forEach(function (k) {
      var rw = rows[k];
      svg("text", { "class": "sm-row", x: rw.x - R - 8, y: rw.y + 4, "text-anchor": "end" }, decor)
        .textContent = rw.label;
    });

    /* Reading order: from the stage back, then left to right. */
    var sorted = list.slice().sort(function (a, b) { return a.y - b.y || a.x - b.x; });
    var layer = svg("g", { "class": "sm-seats" }, this.svg);
    sorted.forEach(function (x) {
      var st = {
        id: String(x.id), label: x.label, row: x.row, seat: x.seat, section: x.section,
        x: x.x, y: x.y, category: x.category,
        price: x.price === undefined ? null : x.price, status: x.status, mine: !!x.mine
      };
      self.judge(st);
      var g = svg("g", { "class": "sm-seat " + self.catClass[st.category], role: "checkbox",
        tabindex: "-1", "data-id": st.id }, layer);
      svg("circle", { "class": "sm-ring", cx: st.x, cy: st.y, r: R + 4 }, g);
      svg("circle", { "class": "sm-dot", cx: st.x, cy: st.y, r: R }, g);
      if (String(st.seat).length <= 3)
        svg("text", { "class": "sm-num", x: st.x, y: st.y + 4, "text-anchor": "middle" }, g).textContent = st.seat;
      svg("path", { "class": "sm-check", d: "M" + (st.x - 5) + " " + st.y + "l3.5 4l6.5-8.5" }, g);
      svg("path", { "class": "sm-cross", d: "M" + (st.x - 4.5) + " " + (st.y - 4.5) + "l9 9m0-9l-9 9" }, g);
      st.node = g;
      self.seats.push(st);
      self.byId[st.id] = st;
    });

    /* Keep what was chosen before a rebuild; on first load, what is already in the cart. */
    var start = first ? this.seats.filter(function (st) { return st.free && st.mine && self.mode === "buy"; })
      .map(function (st) { return st.id; }) : keep;
    start.forEach(function (id) {
      var st = self.byId[id];
      if (st && st.free && self.chosen.length < self.max) self.chosen.push(id);
    });
    this.seats.forEach(function (st) { self.paint(st); });
    this.groupRows();

    this.buildLegend(names, cats);
    this.loading.hidden = true;
    this.built = true;
    if (first || !this.view) this.setView(this.base);
    else this.setView(this.view);

    var f = this.byId[this.focusId] || this.byId[this.chosen[0]] ||
      this.seats.filter(function (st) { return st.free; })[0] || this.seats[0];
    this.setFocus(f.id, false);
    this.update(null);
  };

  SeatMap.prototype.buildLegend = function (names, cats) {
    var self = this;
    while (this.legend.firstChild) this.legend.removeChild(this.legend.firstChild);
    function item(cls, text, extra) {
      var li = document.createElement("li");
      var sw = svg("svg", { "class": "swatch sm-swatch " + cls, viewBox: "0 0 24 24", width: "20", height: "20",
        "aria-hidden": "true", focusable: "false" }, li);
      svg("circle", { "class": "sm-dot", cx: 12, cy: 12, r: 10 }, sw);
      if (extra) svg("path", { "class": extra, d: extra === "sm-check" ? "M7 12l3.5 4l6.5-8.5" : "M7.5 7.5l9 9m0-9l-9 9" }, sw);
      var span = document.createElement("span");
      span.textContent = text;
      li.appendChild(span);
      self.legend.appendChild(li);
    }
    names.forEach(function (n) {
      if (self.onlyCategory !== null && n !== self.onlyCategory) return;
      item(self.catClass[n], self.s.sCategory + " " + n +
        (cats[n] !== null ? " — " + money(cats[n]) + " " + self.currency : ""));
    });
    item("sm-chosen cat-0", this.s.sLegendChosen, "sm-check");
    item("sm-off", this.s.sLegendTaken, "sm-cross");
  };

  /* A poll with the same seats: new statuses; a chosen seat someone else took is let go. */
  SeatMap.prototype.refresh = function (list) {
    var self = this, lost = [];
    list.forEach(function (x) {
      var st = self.byId[String(x.id)];
      st.status = x.status;
      st.mine = !!x.mine;
      st.price = x.price === undefined ? null : x.price;
      self.judge(st);
      var i = self.chosen.indexOf(st.id);
      if (i >= 0 && !st.free) { self.chosen.splice(i, 1); lost.push(st); }
      self.paint(st);
    });
    if (lost.length) {
      this.update(this.s.sLost + " " + lost.map(function (st) { return self.shortLabel(st); }).join(", ") + ".");
      this.submit.blur();
    }
  };

  SeatMap.prototype.shortLabel = function (st) {
    return st.section + ", " + this.s.sRow + " " + st.row + ", " + this.s.sSeat + " " + st.seat;
  };

  SeatMap.prototype.paint = function (st) {
    var g = st.node, on = this.chosen.indexOf(st.id) >= 0;
    g.setAttribute("aria-checked", on ? "true" : "false");
    g.setAttribute("aria-label", this.labelOf(st));
    if (st.free) g.removeAttribute("aria-disabled");
    else g.setAttribute("aria-disabled", "true");
    g.classList.toggle("is-chosen", on);
    g.classList.toggle("is-off", !st.free && !st.isCurrent);
    g.classList.toggle("is-current", st.isCurrent);
  };

  /* The summary (a live region), the hidden seat fields and the picked list. */
  SeatMap.prototype.update = function (message) {
    var self = this, total = 0;
    while (this.inputs.firstChild) this.inputs.removeChild(this.inputs.firstChild);
    this.chosen.forEach(function (id) {
      var st = self.byId[id];
      total += st.price || 0;
      var inp = document.createElement("input");
      inp.type = "hidden";
      inp.name = "seat";
      inp.value = id;
      self.inputs.appendChild(inp);
    });
    var text;
    if (this.chosen.length === 0) text = this.s.sNone;
    else {
      text = this.s.sChosen + " " + this.chosen.length + ". " + this.s.sTotal + " " +
        money(total) + " " + this.currency + ".";
    }
    var picked = this.chosen.map(function (id) { return self.shortLabel(self.byId[id]); }).join("; ");
    this.summary.textContent = "";
    if (message) {
      var m = document.createElement("strong");
      m.className = "seatmap-message";
      m.textContent = message + " ";
      this.summary.appendChild(m);
    }
    this.summary.appendChild(document.createTextNode(text));
    if (picked) {
      var p = document.createElement("span");
      p.className = "seatmap-picked";
      p.textContent = picked;
      this.summary.appendChild(p);
    }
  };

  SeatMap.prototype.say = function (message) { this.update(message); };

  SeatMap.prototype.toggle = function (st) {
    if (!st) return;
    if (!st.free) { this.say(this.shortLabel(st) + ": " + this.labelOf(st).split(", ").pop() + "."); return; }
    var i = this.chosen.indexOf(st.id), before = this.chosen.slice();
    if (i >= 0) this.chosen.splice(i, 1);
    else if (this.mode === "change") this.chosen = [st.id];
    else if (this.chosen.length >= this.max) { this.say(this.s.sMax + " " + this.max + "."); return; }
    else this.chosen.push(st.id);
    var self = this;
    before.concat(this.chosen).forEach(function (id) { self.paint(self.byId[id]); });
    this.update(null);
  };

  /* ---- keyboard: one tab stop for the plan, arrows move between seats ---- */

  SeatMap.prototype.setFocus = function (id, move) {
    var old = this.byId[this.focusId];
    if (old) old.node.setAttribute("tabindex", "-1");
    var st = this.byId[id];
    if (!st) return;
    st.node.setAttribute("tabindex", "0");
    this.focusId = id;
    if (move) {
      st.node.focus({ preventScroll: true });
      this.reveal(st);
    }
  };

  /* Rows come from the data (section and row label), not from y: rows may curve. */
  SeatMap.prototype.groupRows = function () {
    var rows = Object.create(null), list = [];
    this.seats.forEach(function (st) {
      var k = st.section + "\u0000" + st.row;
      if (!rows[k]) { rows[k] = { seats: [], y: 0 }; list.push(rows[k]); }
      rows[k].seats.push(st);
      st.rowGroup = rows[k];
    });
    list.forEach(function (g) {
      g.seats.sort(function (a, b) { return a.x - b.x; });
      g.y = g.seats.reduce(function (n, st) { return n + st.y; }, 0) / g.seats.length;
    });
    this.rowList = list;
  };

  SeatMap.prototype.neighbour = function (st, key) {
    var g = st.rowGroup, i = g.seats.indexOf(st), best = null, bestCost = Infinity;
    var sign = key === "ArrowRight" || key === "ArrowDown" ? 1 : -1;
    if (key === "ArrowLeft" || key === "ArrowRight") {
      if (g.seats[i + sign]) return g.seats[i + sign];
      /* the end of the row: on into a section beside it, if there is one at this height */
      this.seats.forEach(function (c) {
        var dx = (c.x - st.x) * sign, dy = Math.abs(c.y - st.y);
        if (c.rowGroup === g || dx <= 0 || dy > 2 * R) return;
        if (dx + 2 * dy < bestCost) { bestCost = dx + 2 * dy; best = c; }
      });
      return best;
    }
    /* up/down: the nearest row in that direction (by its mean height), the seat closest across */
    var near = Infinity;
    this.rowList.forEach(function (r) {
      var d = (r.y - g.y) * sign;
      if (d > R / 2 && d < near) near = d;
    });
    if (near === Infinity) return null;
    this.rowList.forEach(function (r) {
      var d = (r.y - g.y) * sign;
      if (d <= R / 2 || d > near + R) return;
      r.seats.forEach(function (c) {
        var cost = Math.abs(c.x - st.x) + Math.abs(c.y - st.y) * 0.25;
        if (cost < bestCost) { bestCost = cost; best = c; }
      });
    });
    return best;
  };

  SeatMap.prototype.rowEnd = function (st, last) {
    var seats = st.rowGroup.seats;
    return last ? seats[seats.length - 1] : seats[0];
  };

  SeatMap.prototype.key = function (ev) {
    var g = ev.target.closest && ev.target.closest(".sm-seat");
    if (!g) return;
    var st = this.byId[g.getAttribute("data-id")], to = null;
    switch (ev.key) {
    case " ": case "Enter":
      ev.preventDefault();
      this.toggle(st);
      return;
    case "ArrowLeft": case "ArrowRight": case "ArrowUp": case "ArrowDown":
      to = this.neighbour(st, ev.key);
      break;
    case "Home": to = this.rowEnd(st, false); break;
    case "End": to = this.rowEnd(st, true); break;
    case "+": case "=": this.zoomAt(1.5, null); ev.preventDefault(); return;
    case "-": case "_": this.zoomAt(1 / 1.5, null); ev.preventDefault(); return;
    default: return;
    }
    ev.preventDefault();
    if (to) this.setFocus(to.id, true);
  };

  /* ---- zoom and pan: the viewBox is the camera ---- */

  SeatMap.prototype.setView = function (v) {
    var b = this.base, ratio = b.h / b.w;
    var w = Math.min(Math.max(v.w, Math.min(b.w, 12 * R * 2)), b.w * 1.25);
    var h = w * ratio;
    var cx = v.x + v.w / 2, cy = v.y + v.h / 2;
    cx = Math.min(Math.max(cx, b.x), b.x + b.w);
    cy = Math.min(Math.max(cy, b.y), b.y + b.h);
    this.view = { x: cx - w / 2, y: cy - h / 2, w: w, h: h };
    this.svg.setAttribute("viewBox", [this.view.x, this.view.y, w, h].map(function (n) {
      return Math.round(n * 100) / 100;
    }).join(" "));
    this.svg.classList.toggle("is-zoomed", w < b.w * 0.98);
  };

  /* Plan coordinates of a client point (the middle of the view when null). */
  SeatMap.prototype.planPoint = function (clientX, clientY) {
    var m = this.svg.getScreenCTM();
    if (!m) return { x: this.view.x + this.view.w / 2, y: this.view.y + this.view.h / 2 };
    var p = this.svg.createSVGPoint();
    p.x = clientX; p.y = clientY;
    return p.matrixTransform(m.inverse());
  };

  SeatMap.prototype.zoomAt = function (factor, at) {
    var v = this.view;
    var p = at ? this.planPoint(at.clientX, at.clientY) : { x: v.x + v.w / 2, y: v.y + v.h / 2 };
    var w = v.w / factor, h = v.h / factor;
    this.setView({ x: p.x - (p.x - v.x) * (w / v.w), y: p.y - (p.y - v.y) * (h / v.h), w: w, h: h });
  };

  SeatMap.prototype.unitsPerPixel = function () {
    var r = this.svg.getBoundingClientRect();
    if (!r.width || !r.height) return 1;
    return Math.max(this.view.w / r.width, this.view.h / r.height);
  };

  SeatMap.prototype.panBy = function (dxPx, dyPx) {
    var k = this.unitsPerPixel(), v = this.view;
    this.setView({ x: v.x - dxPx * k, y: v.y - dyPx * k, w: v.w, h: v.h });
  };

  /* Bring a seat reached by keyboard into view when zoomed in. */
  SeatMap.prototype.reveal = function (st) {
    var v = this.view, m = R * 3;
    if (st.x - m >= v.x && st.x + m <= v.x + v.w && st.y - m >= v.y && st.y + m <= v.y + v.h) return;
    this.setView({ x: st.x - v.w / 2, y: st.y - v.h / 2, w: v.w, h: v.h });
  };

  SeatMap.prototype.down = function (ev) {
    this.lastPointer = ev.pointerType;
    if (!this.built) return;
    if (ev.pointerType === "mouse" && ev.button !== 0) return;
    this.pointers[ev.pointerId] = { x: ev.clientX, y: ev.clientY, sx: ev.clientX, sy: ev.clientY };
    this.dragging = false;
    this.suppressClick = false;
    this.pinch = null;
  };

  SeatMap.prototype.move = function (ev) {
    var p = this.pointers[ev.pointerId];
    if (!p) return;
    var ids = Object.keys(this.pointers);
    if (ids.length >= 2) {
      var a = this.pointers[ids[0]], b = this.pointers[ids[1]];
      p.x = ev.clientX; p.y = ev.clientY;
      var d = Math.hypot(a.x - b.x, a.y - b.y), mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
      if (this.pinch && d > 0 && this.pinch.d > 0) {
        this.panBy(mx - this.pinch.mx, my - this.pinch.my);
        this.zoomAt(d / this.pinch.d, { clientX: mx, clientY: my });
      }
      this.pinch = { d: d, mx: mx, my: my };
      this.dragging = true;
      this.suppressClick = true;
      return;
    }
    if (!this.dragging && Math.hypot(ev.clientX - p.sx, ev.clientY - p.sy) < DRAG_PX) return;
    if (!this.dragging) {
      this.dragging = true;
      this.suppressClick = true;
      try { this.svg.setPointerCapture(ev.pointerId); } catch (e) { /* pointer already gone */ }
      this.svg.classList.add("is-dragging");
    }
    this.panBy(ev.clientX - p.x, ev.clientY - p.y);
    p.x = ev.clientX; p.y = ev.clientY;
  };

  SeatMap.prototype.up = function (ev) {
    if (!this.pointers[ev.pointerId]) return;
    delete this.pointers[ev.pointerId];
    this.pinch = null;
    if (Object.keys(this.pointers).length === 0) this.svg.classList.remove("is-dragging");
  };

  /* ---- openers ---- */

  document.addEventListener("click", function (ev) {
    if (ev.defaultPrevented || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
    var opener = ev.target.closest && ev.target.closest("[data-seatmap]");
    var template = document.getElementById("seatmap-template");
    if (!opener || !template || !("content" in template)) return;
    ev.preventDefault();
    new SeatMap(opener, template).open();
  });

  /* Openers that only make sense with the modal (hidden in the markup) are shown now. */
  function reveal() {
    var list = document.querySelectorAll("[data-seatmap][hidden]");
    for (var i = 0; i < list.length; i++) list[i].hidden = false;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", reveal);
  else reveal();
})();
