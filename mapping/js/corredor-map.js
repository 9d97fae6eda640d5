/* Corredor map layers, drawn in the browser from compact data.
 *
 * Everything that comes from data is put on the page as text nodes
 * (textContent), never as markup. Each layer registers itself in
 * Corredor.drawn so that tests and the benchmark can see what was drawn.
 */
(function () {
  "use strict";

  var drawn = {};
  var layers = {};
  var PHONE_MAX_PX = 760;

  function text(value) {
    return value === null || value === undefined ? "" : String(value);
  }

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = text(content);
    return node;
  }

  /* A popup: optional badge (e.g. "Illustrative data"), a title, then label/value rows. */
  function popupNode(title, rows, badge) {
    var root = el("div", "corredor-popup");
    if (badge) root.appendChild(el("div", "corredor-badge", badge));
    root.appendChild(el("div", "corredor-popup-title", title));
    var table = el("table");
    rows.forEach(function (row) {
      if (row[1] === null || row[1] === undefined || row[1] === "") return;
      var tr = table.insertRow();
      tr.appendChild(el("th", null, row[0]));
      tr.appendChild(el("td", null, row[1]));
    });
    root.appendChild(table);
    return root;
  }

  function register(name, layer, count) {
    drawn[name] = count;
    layers[name] = layer;
    return layer;
  }

  function styleFor(spec, properties) {
    var style = Object.assign({}, spec.base || {});
    (spec.by || []).forEach(function (rule) {
      var value = properties[rule.property];
      if (rule.values && Object.prototype.hasOwnProperty.call(rule.values, value)) {
        Object.assign(style, rule.values[value]);
      }
    });
    return style;
  }

  function featurePopup(spec, properties) {
    var rows = spec.rows.map(function (row) {
      return [row[0], properties[row[1]]];
    });
    var badge = spec.demoBadge && properties.is_demo ? spec.demoBadge : null;
    var node = popupNode(properties[spec.title], rows, badge);
    var href = spec.link ? text(properties[spec.link.href]) : "";
    var link = appLink(spec.link ? spec.link.label : "", href);
    if (link) node.appendChild(link);
    return node;
  }

  /* A link out of the map to a page of the app (a same-site path only, never data markup). It opens
     in the app's own tab, where the reader is; only if the page holding the map cannot be reached is
     it opened in a new tab (rel=noopener). */
  function appLink(label, href) {
    if (href.charAt(0) !== "/" || href.charAt(1) === "/") return null;
    var a = el("a", "corredor-popup-link", label);
    a.href = href;
    a.target = "_top";
    a.addEventListener("click", function (event) {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      try {
        var top = window.parent.document;  /* the frame may not navigate the app itself: the app's page does */
        var go = top.createElement("a");
        go.href = href;
        top.body.appendChild(go);
        go.click();
        go.remove();
      } catch (e) {
        window.open(href, "_blank", "noopener");
      }
    });
    return a;
  }

  /* A GeoJSON overlay: lines, polygons or points (as circle markers, optionally clustered). */
  function geojson(map, data, spec) {
    var options = {
      style: function (feature) {
        return styleFor(spec.style, feature.properties);
      },
      interactive: !!spec.popup || !!spec.tooltip,
    };
    if (spec.pane) options.pane = spec.pane;
    options.pointToLayer = function (feature, latlng) {
      return L.circleMarker(latlng, styleFor(spec.style, feature.properties));
    };
    options.onEachFeature = function (feature, layer) {
      if (spec.tooltip) {
        layer.bindTooltip(el("span", null, feature.properties[spec.tooltip]), { sticky: true });
      }
      if (spec.popup) {
        layer.bindPopup(function () {
          return featurePopup(spec.popup, feature.properties);
        }, { maxWidth: 320 });
      }
    };
    var layer = L.geoJSON(data, options);
    if (spec.cluster) {
      var group = L.markerClusterGroup(clusterOptions(spec.cluster, function () { return 1; }));
      group.addLayer(layer);
      layer = group;
    }
    return register(spec.name, layer, data.features.length);
  }

  /* Cluster options. On phones clusters gather from further apart, so bubbles do not
   * overlap; from `disableAtZoom` on only points a few pixels apart still cluster, so
   * points sharing one place (shelters given at town level) spread apart when their
   * cluster is opened (spiderfied) instead of hiding one another. Shelter bubbles sit
   * left of their point and incident bubbles right of theirs: where both layers
   * cluster at one town, both numbers stay readable.
   */
  function clusterOptions(spec, weightOf) {
    var radius = (spec.radius || 50) * (screenWidth() <= PHONE_MAX_PX ? 1.6 : 1);
    var side = spec.className === "shelters" ? 1 : spec.className === "incidents" ? 0 : 0.5;
    return {
      chunkedLoading: true,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      maxClusterRadius: function (zoom) {
        return spec.disableAtZoom && zoom >= spec.disableAtZoom ? 8 : radius;
      },
      iconCreateFunction: function (cluster) {
        var total = 0;
        cluster.getAllChildMarkers().forEach(function (m) { total += weightOf(m); });
        var size = total < 10 ? 30 : total < 100 ? 38 : total < 1000 ? 46 : 54;
        var icon = el("div", null);
        icon.appendChild(el("span", null, total.toLocaleString(readerLanguage(), { useGrouping: "always" })));
        return L.divIcon({
          html: icon.outerHTML,
          className: "marker-cluster corredor-cluster " + (spec.className || ""),
          iconSize: L.point(size, size),
          iconAnchor: L.point(size * side, size / 2),
        });
      },
    };
  }

  /* Decode the packed incident records (see mapping/packing.py for the layout). */
  function unpack(b64, recordSize) {
    var binary = atob(b64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return { view: new DataView(bytes.buffer), count: bytes.length / recordSize };
  }

  var EPOCH_MS = Date.UTC(1990, 0, 1);
  var DAY_MS = 86400000;

  /* Packed points: incidents drawn as circles sized by dead + missing, clustered, popups built on click. */
  function packedPoints(map, spec, packed) {
    var data = unpack(packed, spec.recordSize);
    var view = data.view;
    var size = spec.recordSize;
    var markers = new Array(data.count);
    for (var i = 0; i < data.count; i++) {
      var o = i * size;
      var lat = view.getInt32(o, true) / 1e5;
      var lon = view.getInt32(o + 4, true) / 1e5;
      var total = view.getUint16(o + 8, true) + view.getUint16(o + 10, true);
      var flags = view.getUint8(o + 14);
      var marker = L.circleMarker([lat, lon], {
        radius: Math.min(4 + 2.2 * Math.sqrt(total), 22),
        color: spec.stroke,
        weight: flags & 0x40 ? 1 : 1.5,
        dashArray: (flags >> 3 & 7) >= spec.approximateFrom ? "2 2" : null,
        fillColor: spec.fill,
        fillOpacity: 0.35 + 0.1 * (flags & 7),
      });
      marker.record = i;
      marker.total = total;
      markers[i] = marker;
    }
    var group = L.markerClusterGroup(clusterOptions(spec.cluster, function (m) { return m.total; }));
    group.addLayers(markers);
    group.on("click", function (event) {
      L.popup({ maxWidth: 320 })
        .setLatLng(event.layer.getLatLng())
        .setContent(incidentPopup(spec, view, event.layer.record * size, event.layer.record))
        .openOn(map);
    });
    return register(spec.name, group, data.count);
  }

  /* The packed incident points as a heat surface: each point weighs its dead and missing
   * (see mapping/packing.py), so one record of 40 dead glows more than one of 1. */
  function heat(map, spec, packed) {
    var data = unpack(packed, spec.recordSize);
    var view = data.view;
    var points = new Array(data.count);
    for (var i = 0; i < data.count; i++) {
      var o = i * spec.recordSize;
      points[i] = [view.getInt32(o, true) / 1e5, view.getInt32(o + 4, true) / 1e5, view.getUint16(o + 8, true) + view.getUint16(o + 10, true)];
    }
    var layer = L.heatLayer(points, {
      radius: spec.radius,
      blur: spec.blur,
      max: spec.max,
      maxZoom: spec.fullAtZoom,
      minOpacity: spec.minOpacity,
      gradient: spec.gradient,
    });
    return register(spec.name, layer, data.count);
  }

  function incidentPopup(spec, view, o, record) {
    var l = spec.labels;
    var days = view.getUint16(o + 12, true);
    var flags = view.getUint8(o + 14);
    var date = new Date(EPOCH_MS + days * DAY_MS).toISOString().slice(0, 10);
    var rows = [
      [l.date, date],
      [l.dead, view.getUint16(o + 8, true)],
      [l.missing, view.getUint16(o + 10, true)],
      [l.cause, spec.lookups.cause[view.getUint8(o + 15)]],
      [l.route, spec.lookups.route[view.getUint8(o + 16)]],
      [l.country, spec.lookups.country[view.getUint8(o + 17)]],
      [l.source, spec.lookups.source[view.getUint8(o + 18)]],
      [l.quality, (flags & 7) + " / 5"],
      [l.precision, spec.lookups.precision[flags >> 3 & 7]],
    ];
    var node = popupNode(l.title, rows, flags & 0x40 ? spec.demoBadge : null);
    var report = spec.report ? appLink(spec.report.label, spec.report.base + encodeURIComponent(spec.report.ids[record])) : null;
    if (report) node.appendChild(report);
    return node;
  }

  /* The reader's screen width: the app's window, not the map's frame (a map in a column is narrower). */
  function screenWidth() {
    try {
      return window.parent.innerWidth || window.innerWidth;
    } catch (e) {
      return window.innerWidth;
    }
  }

  /* The language the app's page is in (its <html lang>), so numbers on the map are written its way
   * (grouped from four digits, as the page writes them: 1.398 in Spanish). */
  function readerLanguage() {
    try {
      return window.parent.document.documentElement.lang || undefined;
    } catch (e) {
      return undefined;
    }
  }

  /* Presenter mode (?present=1 in the app's address): type readable from the back of the room. */
  function presenting() {
    try {
      return /[?&]present=1(&|$)/.test(window.parent.location.search);
    } catch (e) {
      return false;
    }
  }

  /* The legend, the same everywhere: closed on phones, open and compact on wider screens;
   * a list of swatches and labels, all as text. */
  function legend(map, spec) {
    var control = L.control({ position: spec.position || "bottomright" });
    control.onAdd = function () {
      var root = el("div", "corredor-legend leaflet-bar");
      root.setAttribute("role", "group");
      root.setAttribute("aria-label", spec.title);
      var details = el("details");
      var size = map.getSize(); // open where it leaves the map room: not on phones, nor on a small map
      details.open = spec.open === null || spec.open === undefined ? screenWidth() > PHONE_MAX_PX && size.x >= 520 && size.y >= 320 : !!spec.open;
      if (presenting()) map.getContainer().classList.add("corredor-presenting");
      root.style.maxHeight = Math.max(120, size.y - 90) + "px"; // inside the map, above the scale bar
      details.appendChild(el("summary", null, spec.title));
      spec.sections.forEach(function (section) {
        details.appendChild(el("div", "corredor-legend-heading", section.title));
        section.items.forEach(function (item) {
          var row = el("div", "corredor-legend-row");
          var swatch = el("span", "corredor-swatch corredor-swatch-" + item.shape);
          swatch.style.background = item.shape === "line" ? "none" : item.fill || item.color;
          swatch.style.borderColor = item.color;
          if (item.shape === "line") {
            swatch.style.borderTopWidth = (item.weight || 3) + "px";
            if (item.dash) swatch.style.borderTopStyle = "dashed";
          }
          row.appendChild(swatch);
          row.appendChild(el("span", null, item.label));
          details.appendChild(row);
        });
      });
      if (spec.note) details.appendChild(el("div", "corredor-legend-note", spec.note));
      root.appendChild(details);
      L.DomEvent.disableClickPropagation(root);
      return root;
    };
    control.addTo(map);
    return control;
  }

  /* Places named on the map: [lat, lon, name, first zoom] each, shown from that zoom on,
   * as text beside the point, in a pane above the layers that lets clicks through. */
  function placeLabels(map, places, className) {
    if (!map.getPane("corredorLabels")) {
      var pane = map.createPane("corredorLabels");
      pane.style.zIndex = 450;
      pane.style.pointerEvents = "none";
    }
    var group = L.layerGroup().addTo(map);
    var markers = places.map(function (p) {
      var marker = L.marker([p[0], p[1]], {
        icon: L.divIcon({ className: "corredor-place-label" + (className ? " " + className : ""), html: el("span", null, p[2]).outerHTML, iconSize: null, iconAnchor: [-7, 9] }),
        interactive: false,
        keyboard: false,
        pane: "corredorLabels",
      });
      marker.firstZoom = p[3];
      return marker;
    });
    map.corredorLabelMarkers = (map.corredorLabelMarkers || []).concat(markers);
    /* A label that would overlap one already placed is left out (the point keeps its own tooltip). */
    function update() {
      var zoom = map.getZoom(), placed = [];
      markers.forEach(function (marker, i) {
        var show = zoom >= marker.firstZoom && !marker.replaced;
        if (show) {
          var at = map.project(marker.getLatLng(), zoom), width = 7 * places[i][2].length + 6;
          var box = [at.x + 5, at.y - 10, at.x + 5 + width, at.y + 8];
          show = !placed.some(function (b) { return box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]; });
          if (show) placed.push(box);
        }
        if (show) group.addLayer(marker);
        else group.removeLayer(marker);
      });
    }
    map.on("zoomend", update);
    update();
    return group;
  }

  /* The disclaimer for boundaries and names, in the attribution line, written as text. */
  function disclaimer(map, words) {
    if (!map.attributionControl) return;
    map.attributionControl.addAttribution(el("span", "corredor-disclaimer", words).outerHTML);
  }

  /* The map's frame is a page of its own to assistive technology: make the map's
   * box its main landmark, named `label`, with a heading only screen readers see.
   * A saved map file has its own <main> and <h1>, so nothing is added there.
   */
  function landmark(map, label) {
    var container = map.getContainer();
    var region = container.parentNode;
    if (!region || region === document.body || container.closest("main, [role=main]")) return;
    region.setAttribute("role", "main");
    region.setAttribute("aria-label", text(label));
    if (!document.querySelector("h1")) region.insertBefore(el("h1", "corredor-visually-hidden", label), container);
  }

  /* Keep the top window's address in step with the map: after the user moves it,
   * set view=<lat>,<lon>,<zoom> (4 decimals, whole zoom) in the query string.
   * The map's iframe is same-origin with the app, so this is a history.replaceState
   * on the parent window: nothing is sent to the server and the app does not rerun.
   * Only moves the user started count (a drag, the wheel, the zoom buttons, the
   * keyboard), not the map fitting itself as it opens or resizes.
   */
  function syncViewToLink(map) {
    var top = window.parent;
    try {
      if (!top || !top.history || typeof top.location.search !== "string") return;
    } catch (e) {
      return; // another origin's page: leave its address alone
    }
    var byUser = false;
    ["pointerdown", "mousedown", "touchstart", "wheel", "keydown"].forEach(function (type) {
      map.getContainer().addEventListener(type, function () { byUser = true; }, { capture: true, passive: true });
    });
    map.on("moveend", function () {
      if (!byUser) return;
      var centre = map.getCenter().wrap();
      var value = [Number(centre.lat.toFixed(4)), Number(centre.lng.toFixed(4)), Math.round(map.getZoom())].join(",");
      var parts = top.location.search.replace(/^\?/, "").split("&").filter(function (part) {
        return part && part.split("=")[0] !== "view";
      });
      parts.push("view=" + value);
      try {
        top.history.replaceState(top.history.state, "", top.location.pathname + "?" + parts.join("&") + top.location.hash);
      } catch (error) {
        /* a saved map opened from a file has no app around it: nothing to keep in step */
      }
    });
  }

  /* Open the map on `box` ([[south, west], [north, east]]) at the closest zoom that
   * keeps it clear of the legend and the controls. Each of them holds one corner
   * (zoom buttons top left, layers top right, legend bottom right, scale bottom
   * left): the box may sit beside a corner's control rather than be padded by it
   * along the whole edge, so a tall legend does not cost a zoom level when the data
   * fits beside it. Measured here, on the reader's screen.
   */
  var SYMBOL_PX = 16; // room around the box for the symbols of the points on its edge (half a cluster bubble)

  function fit(map, box, options) {
    function corners(size) {
      var out = [];
      function add(node, fallback) {
        var r = node ? node.getBoundingClientRect() : null;
        var c = map.getContainer().getBoundingClientRect();
        if (r && r.width > 0) out.push([r.left - c.left - 6, r.top - c.top - 6, r.right - c.left + 6, r.bottom - c.top + 6]);
        else if (fallback) out.push(fallback);
      }
      var root = map.getContainer();
      add(root.querySelector(".leaflet-control-zoom"), [0, 0, 54, 90]);
      add(root.querySelector(".leaflet-control-layers"), null);
      add(root.querySelector(".corredor-legend"), null);
      add(root.querySelector(".leaflet-control-scale"), [0, size.y - 28, 120, size.y]);
      return out;
    }
    function clear(rect, obstacles) {
      return !obstacles.some(function (o) { return rect[0] < o[2] && o[0] < rect[2] && rect[1] < o[3] && o[1] < rect[3]; });
    }
    /* Where a w × h box can sit at zoom z, clear of every corner control: the free spot nearest the centre. */
    function place(size, w, h, obstacles) {
      var m = 8;
      if (w > size.x - 2 * m || h > size.y - 2 * m) return null;
      var xs = [(size.x - w) / 2, m, size.x - m - w], ys = [(size.y - h) / 2, m, size.y - m - h];
      obstacles.forEach(function (o) { xs.push(o[2], o[0] - w); ys.push(o[3], o[1] - h); });
      var best = null;
      xs.forEach(function (x) {
        if (x < m || x > size.x - m - w) return;
        ys.forEach(function (y) {
          if (y < m || y > size.y - m - h) return;
          var rect = [x, y, x + w, y + h];
          if (!clear(rect, obstacles)) return;
          var d = Math.abs(x + w / 2 - size.x / 2) + Math.abs(y + h / 2 - size.y / 2);
          if (!best || d < best.d) best = { x: x, y: y, d: d };
        });
      });
      return best;
    }
    function apply() {
      var size = map.getSize();
      if (!(size.x > 0 && size.y > 0)) return;
      var bounds = L.latLngBounds(box);
      var obstacles = corners(size);
      var top = Math.min(options.maxZoom || map.getMaxZoom(), map.getBoundsZoom(bounds, false, L.point(16, 16)));
      for (var z = top; z >= map.getMinZoom(); z--) {
        var nw = map.project(bounds.getNorthWest(), z), se = map.project(bounds.getSouthEast(), z);
        var spot = place(size, se.x - nw.x + 2 * SYMBOL_PX, se.y - nw.y + 2 * SYMBOL_PX, obstacles);
        if (spot) {
          /* the box's north-west corner at `spot` (inside its margin for symbols): the map's centre follows */
          var centre = map.unproject(L.point(nw.x - spot.x - SYMBOL_PX + size.x / 2, nw.y - spot.y - SYMBOL_PX + size.y / 2), z);
          map.setView(centre, z, { animate: false });
          map.corredorFit = { box: box, zoom: z, spot: [spot.x, spot.y] };
          return;
        }
      }
      map.fitBounds(box, { padding: [8, 8], maxZoom: options.maxZoom, animate: false }); // too small a map for any control-free spot
      map.corredorFit = { box: box, zoom: map.getZoom() };
    }
    apply();
    /* Until the reader moves the map, fit again once the stylesheets and fonts have
     * given the legend its real size, and whenever the map's frame is resized. */
    var byUser = false;
    ["pointerdown", "mousedown", "touchstart", "wheel", "keydown"].forEach(function (type) {
      map.getContainer().addEventListener(type, function () { byUser = true; }, { capture: true, passive: true });
    });
    function again() { if (!byUser) apply(); }
    var legend = map.getContainer().querySelector(".corredor-legend");
    if (legend && window.ResizeObserver) new ResizeObserver(again).observe(legend); // its stylesheet may arrive later
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(again);
    map.on("resize", again);
  }

  window.Corredor = {
    drawn: drawn,
    layers: layers,
    geojson: geojson,
    packedPoints: packedPoints,
    heat: heat,
    legend: legend,
    fitBounds: fit,
    popupNode: popupNode,
    syncViewToLink: syncViewToLink,
    landmark: landmark,
    disclaimer: disclaimer,
    placeLabels: placeLabels,
    styleFor: styleFor,
    featurePopup: featurePopup,
  };
})();
