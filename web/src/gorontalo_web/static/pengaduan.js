/* /pengaduan: the region lists follow each other without a reload, and "use my location" fills the
   coordinates. Without this file the form works the same (a button brings the next list). */
(function () {
  "use strict";

  var levels = ["kabupaten", "kecamatan", "desa"];

  function fill(select, items) {
    var first = select.options[0];
    select.innerHTML = "";
    select.appendChild(first);
    items.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.code;
      option.textContent = item.name;
      select.appendChild(option);
    });
    select.value = "";
  }

  function regionLists(form) {
    var step = form.querySelector("[data-region-step]");
    if (!window.fetch) return;
    if (step) step.hidden = true;
    levels.slice(0, 2).forEach(function (name, index) {
      var select = form.elements[name];
      if (!select) return;
      select.addEventListener("change", function () {
        for (var i = index + 1; i < levels.length; i++) fill(form.elements[levels[i]], []);
        if (!select.value) return;
        fetch("/pengaduan/wilayah?induk=" + encodeURIComponent(select.value), { credentials: "same-origin" })
          .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
          .then(function (items) { fill(form.elements[levels[index + 1]], items); })
          .catch(function () { if (step) step.hidden = false; });  // offline: the plain step is back
      });
    });
  }

  function myLocation(form) {
    var locate = form.querySelector("[data-locate]");
    if (!locate || !navigator.geolocation) return;
    locate.hidden = false;
    var status = locate.querySelector("[data-locate-status]");
    locate.querySelector("[data-locate-button]").addEventListener("click", function () {
      status.textContent = status.dataset.busy;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          form.elements.latitude.value = position.coords.latitude.toFixed(5);
          form.elements.longitude.value = position.coords.longitude.toFixed(5);
          status.textContent = status.dataset.done;
        },
        function () { status.textContent = status.dataset.failed; },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  }

  function setup() {
    var form = document.querySelector("form.complaint-form");
    if (!form || form.dataset.enhanced) return;
    form.dataset.enhanced = "1";
    regionLists(form);
    myLocation(form);
  }

  setup();
  // The offline-draft script (app.js) may put the server's answer into the page (a refusal, similar
  // complaints nearby): the new form is enhanced too.
  document.addEventListener("gs:content", setup);
})();
