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
    /* An optional link out of the map to a page of the app (a same-site path only, never data markup),
       opened in a new tab: the map's frame may not navigate the page that holds it. */
    var href = spec.link ? text(properties[spec.link.href]) : "";
    if (href.charAt(0) === "/" && href.charAt(1) !== "/") {
      var a = el("a", "corredor-popup-link", spec.link.label);
      a.href = href;
      a.target = "_blank";
      a.rel = "noopener";
      node.appendChild(a);
    }
    return node;
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

  function clusterOptions(spec, weightOf) {
    return {
      chunkedLoading: true,
      showCoverageOnHover: false,
      maxClusterRadius: spec.radius || 50,
      disableClusteringAtZoom: spec.disableAtZoom || null,
      iconCreateFunction: function (cluster) {
        var total = 0;
        cluster.getAllChildMarkers().forEach(function (m) { total += weightOf(m); });
        var size = total < 10 ? 30 : total < 100 ? 38 : total < 1000 ? 46 : 54;
        var icon = el("div", null);
        icon.appendChild(el("span", null, total.toLocaleString()));
        return L.divIcon({
          html: icon.outerHTML,
          className: "marker-cluster corredor-cluster " + (spec.className || ""),
          iconSize: L.point(size, size),
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
        .setContent(incidentPopup(spec, view, event.layer.record * size))
        .openOn(map);
    });
    return register(spec.name, group, data.count);
  }

  function incidentPopup(spec, view, o) {
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
    return popupNode(l.title, rows, flags & 0x40 ? spec.demoBadge : null);
  }

  /* The legend: a list of swatches and labels, all as text. */
  function legend(map, spec) {
    var control = L.control({ position: spec.position || "bottomright" });
    control.onAdd = function () {
      var root = el("div", "corredor-legend leaflet-bar");
      root.setAttribute("role", "group");
      root.setAttribute("aria-label", spec.title);
      var details = el("details");
      details.open = spec.open === null || spec.open === undefined ? window.innerWidth > 760 : !!spec.open;
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

  window.Corredor = {
    drawn: drawn,
    layers: layers,
    geojson: geojson,
    packedPoints: packedPoints,
    legend: legend,
    popupNode: popupNode,
    syncViewToLink: syncViewToLink,
    landmark: landmark,
  };
})();
