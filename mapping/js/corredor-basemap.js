/* Corredor's offline basemap: coasts, borders, rivers, lakes, first-level boundaries,
 * clickable countries and capital names, fetched from the app's own static files
 * (built by mapping/basemap.py) and kept by the browser, so no map run carries them.
 *
 * Detail follows the zoom: one coarse file for the continent, then tiles of finer
 * levels for what is in view. Lines come as delta-encoded integers in 1/scale
 * degrees. Names come from data and are written as text, never as markup.
 */
(function () {
  "use strict";

  var fetched = {}; // url -> promise of its JSON: each file once per page

  function getJSON(url) {
    if (!fetched[url]) {
      /* The folder name changes with the content, so a kept copy is always right: take it, however old
       * (Streamlit sends no Cache-Control, and would not answer a revalidation with 304). */
      fetched[url] = fetch(url, { cache: "force-cache" }).then(function (response) {
        if (!response.ok) throw new Error(url + ": HTTP " + response.status);
        return response.json();
      });
    }
    return fetched[url];
  }

  function decode(line, scale) {
    var out = [], x = 0, y = 0;
    for (var i = 0; i < line.length; i += 2) {
      x += line[i];
      y += line[i + 1];
      out.push([y / scale, x / scale]);
    }
    return out;
  }

  var LINE_STYLES = {
    lakes: { color: "#7fa8c9", weight: 0.6, fillColor: "#d4e6f3", fillOpacity: 1 },
    rivers: { color: "#7fa8c9", weight: 1 },
    admin1: { color: "#a3a3a3", weight: 0.7, dashArray: "2 3" },
    borders: { color: "#5e5e5e", weight: 1.2, dashArray: "5 3" },
    coast: { color: "#5b7083", weight: 1 },
  };
  var DRAW_ORDER = ["lakes", "rivers", "admin1", "borders", "coast"];
  var ADMIN1_FIRST_ZOOM = 5;
  var FINE_LEVEL = 2; // the level with land and full detail (mapping/basemap.py LEVELS)

  function pane(map, name, zIndex, interactive) {
    if (!map.getPane(name)) {
      var p = map.createPane(name);
      p.style.zIndex = zIndex;
      if (!interactive) p.style.pointerEvents = "none";
    }
    return name;
  }

  /* One file of the basemap as a layer group (drawn on the map's shared canvases: land below the countries, lines above). */
  function linesLayer(data, renderer, land) {
    var group = L.layerGroup();
    (data.land || []).forEach(function (polygon) {
      group.addLayer(L.polygon(polygon.map(function (ring) { return decode(ring, data.scale); }), land));
    });
    DRAW_ORDER.forEach(function (name) {
      (data[name] || []).forEach(function (part) {
        var style = Object.assign({ renderer: renderer, interactive: false, smoothFactor: 1.5 }, LINE_STYLES[name]);
        var layer;
        if (name === "lakes") {
          layer = L.polygon(part.map(function (ring) { return decode(ring, data.scale); }), style);
        } else {
          layer = L.polyline(decode(part, data.scale), style);
        }
        layer.basemapLayer = name;
        group.addLayer(layer);
      });
    });
    return group;
  }

  function countriesLayer(map, data, spec) {
    var renderer = L.canvas({ pane: pane(map, "corredorCountries", 200, true), padding: 0.3 });
    var group = L.featureGroup();
    data.countries.forEach(function (country) {
      var rings = country.polygons.map(function (polygon) {
        return polygon.map(function (ring) { return decode(ring, data.scale); });
      });
      var style = Object.assign({ renderer: renderer }, Corredor.styleFor(spec.countryStyle, country));
      var selected = spec.selected.indexOf(country.iso3) >= 0;
      /* The coast and border lines above draw every outline finer: a country's own (coarser) outline
       * would double them, so only a selected country keeps one, and only until the finest level. */
      style.stroke = selected;
      var layer = L.polygon(rings, style);
      layer.selectedOutline = selected;
      layer.iso3 = country.iso3;
      layer.bindTooltip(document.createTextNode(country.name), { sticky: true });
      if (spec.popup) layer.bindPopup(function () { return Corredor.featurePopup(spec.popup, country); }, { maxWidth: 320 });
      group.addLayer(layer);
    });
    return group;
  }

  /* The basemap on `map`. `inline` (a saved map) holds the files instead of the server. */
  function basemap(map, spec, inline) {
    function load(name) {
      if (inline) return inline[name] ? Promise.resolve(inline[name]) : Promise.reject(new Error(name + " not in this file"));
      return getJSON(spec.url + name);
    }
    var lineRenderer = L.canvas({ pane: pane(map, "corredorBasemapLines", 250, false), padding: 0.3 });
    var land = {
      renderer: L.canvas({ pane: pane(map, "corredorLand", 190, false), padding: 0.3 }),
      interactive: false,
      stroke: false,
      fillColor: spec.landFill,
      fillOpacity: 1,
    };
    var shown = {}; // file name -> layer group on the map
    var groups = {}; // file name -> promise of its layer group
    var index = inline ? Promise.resolve({ 0: { firstZoom: 0 } }) : load("index.json");

    function group(name) {
      if (!groups[name]) groups[name] = load(name).then(function (data) { return linesLayer(data, lineRenderer, land); });
      return groups[name];
    }

    function filesInView(levels, zoom) {
      var level = 0;
      Object.keys(levels).forEach(function (key) {
        if (zoom >= levels[key].firstZoom && Number(key) > level) level = Number(key);
      });
      var info = levels[level];
      if (!info.tileDegrees) return ["level" + level + ".json"];
      var b = map.getBounds().pad(0.2), size = info.tileDegrees, names = [];
      var have = {};
      info.tiles.forEach(function (key) { have[key] = true; });
      for (var i = Math.floor(b.getWest() / size); i <= Math.floor(b.getEast() / size); i++) {
        for (var j = Math.floor(b.getSouth() / size); j <= Math.floor(b.getNorth() / size); j++) {
          if (have[i + "_" + j]) names.push("level" + level + "/" + i + "_" + j + ".json");
        }
      }
      return names;
    }

    function update(levels) {
      var zoom = map.getZoom();
      var wanted = filesInView(levels, zoom);
      var pending = wanted.map(function (name) {
        return group(name).then(function (g) { return [name, g]; });
      });
      /* Swap in one go once the new files are in, so the coast never blinks out. */
      return Promise.all(pending).then(function (pairs) {
        if (map.getZoom() !== zoom) return;
        var keep = {};
        pairs.forEach(function (pair) {
          keep[pair[0]] = true;
          if (!shown[pair[0]]) { pair[1].addTo(map); shown[pair[0]] = pair[1]; }
        });
        Object.keys(shown).forEach(function (name) {
          if (!keep[name]) { map.removeLayer(shown[name]); delete shown[name]; }
        });
        shownLevel = Number(wanted.length ? wanted[0].replace(/^level(\d+).*$/, "$1") : 0);
        outlines();
        pairs.forEach(function (pair) {
          pair[1].eachLayer(function (layer) {
            if (layer.basemapLayer === "admin1") layer.setStyle({ opacity: zoom >= ADMIN1_FIRST_ZOOM ? 1 : 0 });
          });
        });
      });
    }

    /* Close up, the land drawn from the fine tiles takes over the countries' fill (their coarser
     * shapes would spill into the sea); they stay there, unseen, to be clicked. A selected country's
     * outline shows only over the coarsest level: over finer ones it would double the coast. */
    var countryShapes = null, shownLevel = 0;
    function outlines() {
      if (!countryShapes) return;
      countryShapes.eachLayer(function (country) {
        country.setStyle({
          stroke: shownLevel === 0 && country.selectedOutline, // finer than the coarsest lines only
          fillOpacity: shownLevel < FINE_LEVEL ? 1 : 0,
        });
      });
    }

    var lines = index.then(function (levels) {
      map.on("moveend", function () { update(levels); });
      return update(levels);
    });
    var countries = load("countries-" + spec.language + ".json").then(function (data) {
      var layer = countriesLayer(map, data, spec).addTo(map);
      countryShapes = layer;
      outlines();
      Corredor.layers[spec.name] = layer;
      /* A capital that is also a place on the routes is named once, as a capital: in the reader's language. */
      (map.corredorLabelMarkers || []).forEach(function (marker) {
        var at = marker.getLatLng();
        if (data.capitals.some(function (c) { return Math.abs(c[0] - at.lat) < 0.15 && Math.abs(c[1] - at.lng) < 0.15; })) {
          marker.replaced = true;
          marker.remove();
        }
      });
      Corredor.placeLabels(map, data.capitals, "corredor-capital-label");
      return data.countries.length;
    });
    Promise.all([countries, lines]).then(function (results) {
      Corredor.drawn[spec.name] = results[0];
    }).catch(function (error) {
      Corredor.drawn[spec.name] = 0;
      if (window.console) console.error("basemap:", error);
    });
  }

  Corredor.basemap = basemap;
})();
