// 项目一张图 and the project form's location picker. The district boundaries come with the page
// (json_script: the front-end map package's GeoJSON, or the file an administrator uploaded) and are
// drawn by ECharts' geo component: no tile server, so the map works offline.
(function () {
  if (!window.echarts) return;
  var MAP = "quzhi-district";
  var COLOURS = { green: "#198754", yellow: "#e0a800", red: "#dc3545" };

  function box(feature) {
    var g = feature.geometry, polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
    var b = [[180, 90], [-180, -90]];
    polygons.forEach(function (p) { p[0].forEach(function (c) {
      b[0][0] = Math.min(b[0][0], c[0]); b[0][1] = Math.min(b[0][1], c[1]);
      b[1][0] = Math.max(b[1][0], c[0]); b[1][1] = Math.max(b[1][1], c[1]);
    }); });
    // ECharts wants [west, north] and [east, south]; leave a margin around the district.
    var dx = (b[1][0] - b[0][0]) * 0.15, dy = (b[1][1] - b[0][1]) * 0.15;
    return [[b[0][0] - dx, b[1][1] + dy], [b[1][0] + dx, b[0][1] - dy]];
  }

  function geoOption(d) {
    echarts.registerMap(MAP, d.geo);
    var option = {
      map: MAP, roam: true, scaleLimit: { min: 0.8, max: 20 },
      label: { show: true, color: "#6c757d", fontSize: 12 },
      itemStyle: { areaColor: "#f3f6fa", borderColor: "#8fa6c1" },
      emphasis: { label: { show: true }, itemStyle: { areaColor: "#e4ecf7" } },
      select: { disabled: true }
    };
    var focus = d.focus && d.geo.features.filter(function (f) { return f.properties.name === d.focus; })[0];
    if (focus) {
      option.boundingCoords = box(focus);
      option.regions = [{ name: d.focus, itemStyle: { areaColor: "#dbe7f5", borderColor: "#1f3a5f", borderWidth: 2 } }];
    }
    return option;
  }

  // The map of projects.
  var mapEl = document.getElementById("project-map");
  var mapData = document.getElementById("map-data");
  if (mapEl && mapData) {
    var d = JSON.parse(mapData.textContent);
    if (d.geo) {
      var chart = echarts.init(mapEl, null, { renderer: "svg" });
      chart.setOption({
        tooltip: { trigger: "item", formatter: function (p) {
          if (p.seriesType !== "scatter") return p.name;
          var pt = d.points[p.dataIndex];
          return [pt.name, pt.unit, d.labels[pt.colour] + (pt.reasons ? "：" + pt.reasons : "")]
            .map(function (s) { return echarts.format.encodeHTML(s); }).join("<br>");
        } },
        geo: geoOption(d),
        series: [{
          type: "scatter", coordinateSystem: "geo", symbolSize: 16, zlevel: 1, itemStyle: { opacity: 1 },
          data: d.points.map(function (p) {
            return { name: p.name, value: p.value, itemStyle: { color: COLOURS[p.colour], borderColor: "#fff", borderWidth: 1 } };
          })
        }]
      });
      chart.on("click", function (p) { if (p.seriesType === "scatter") window.location.href = d.points[p.dataIndex].url; });
      window.addEventListener("resize", function () { chart.resize(); });
    }
  }

  // The location picker of the project form: a click on the map fills 经度 and 纬度; typing moves the mark.
  var pickEl = document.getElementById("coordinate-picker");
  var pickData = document.getElementById("picker-data");
  var lon = document.getElementById("id_longitude"), lat = document.getElementById("id_latitude");
  if (pickEl && pickData && lon && lat) {
    var pd = JSON.parse(pickData.textContent);
    if (!pd.geo) return;
    var picker = echarts.init(pickEl, null, { renderer: "svg" });
    var here = function () {
      var x = parseFloat(lon.value), y = parseFloat(lat.value);
      return isNaN(x) || isNaN(y) ? [] : [{ name: pd.labels.here, value: [x, y] }];
    };
    picker.setOption({
      geo: geoOption(pd),
      series: [{ type: "scatter", coordinateSystem: "geo", symbol: "pin", symbolSize: 36, zlevel: 1,
                 itemStyle: { color: "#c8161d" }, data: here() }]
    });
    var mark = function () { picker.setOption({ series: [{ data: here() }] }); };
    picker.getZr().on("click", function (e) {
      var point = picker.convertFromPixel({ geoIndex: 0 }, [e.offsetX, e.offsetY]);
      if (!point || isNaN(point[0]) || isNaN(point[1])) return;
      lon.value = point[0].toFixed(6);
      lat.value = point[1].toFixed(6);
      mark();
    });
    lon.addEventListener("input", mark);
    lat.addEventListener("input", mark);
    window.addEventListener("resize", function () { picker.resize(); });
  }
})();
