// Before printing, and when print media is applied, every ECharts chart is redrawn at the width the
// print stylesheet gives it (A4's printable width); after printing, at the screen's width again.
(function () {
  function resizeAll() {
    if (!window.echarts) return;
    document.querySelectorAll("[_echarts_instance_]").forEach(function (el) {
      var chart = window.echarts.getInstanceByDom(el);
      if (chart) chart.resize();
    });
  }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
  if (window.matchMedia) {
    var media = window.matchMedia("print");
    if (media.addEventListener) media.addEventListener("change", resizeAll);
  }
})();
