// cydcheck serve: drop a file anywhere on the page to check it. The page works without this script (pick a file and
// press Check); the script adds the drop, and refuses a file over the size limit before it is sent.
"use strict";
(function () {
  var form = document.getElementById("upload");
  var input = document.getElementById("file");
  var shown = document.getElementById("error");
  if (!form || !input || !shown) { return; }
  function say(message) { shown.textContent = message; shown.hidden = false; }
  function fits(file) {
    var max = Number(input.getAttribute("data-max-bytes")) || 0;
    if (max && file.size > max) {
      say("cydcheck: error: " + file.name + ": file is " + file.size.toLocaleString("en-US") + " bytes, over the " +
        max.toLocaleString("en-US") + "-byte limit (--max-size)");
      return false;
    }
    return true;
  }
  function send(files) {
    if (!files || files.length !== 1) { say("cydcheck: error: drop one file at a time"); return; }
    if (!fits(files[0])) { return; }
    input.files = files;
    document.body.classList.add("busy");
    form.submit();
  }
  document.addEventListener("dragover", function (event) {
    event.preventDefault();
    document.body.classList.add("over");
  });
  document.addEventListener("dragleave", function (event) {
    if (event.target === document.documentElement || event.relatedTarget === null) {
      document.body.classList.remove("over");
    }
  });
  document.addEventListener("drop", function (event) {
    event.preventDefault();
    document.body.classList.remove("over");
    send(event.dataTransfer ? event.dataTransfer.files : null);
  });
  input.addEventListener("change", function () {
    if (input.files && input.files.length === 1 && !fits(input.files[0])) { input.value = ""; }
  });
  form.addEventListener("submit", function (event) {
    if (input.files && input.files.length === 1 && !fits(input.files[0])) { event.preventDefault(); return; }
    document.body.classList.add("busy");
  });
})();
