/* upload.js - drag-and-drop for the clerk's upload form.  A file dropped
 * anywhere on the page is put into the form's file input and the form is
 * sent, as if it had been chosen and the button pressed.  Without this
 * script (or in a browser that cannot set an input's files) the form works
 * the same with the file picker: nothing here is needed to upload.
 * Served as /static/upload.js: the pages' CSP allows no inline script. */
(function () {
	"use strict";
	var form = document.querySelector("form.upload-form");
	if (!form || !window.FileList)
		return;
	var input = form.querySelector("input[type=file]");

	function over(e) {
		e.preventDefault(); /* else the browser opens the dropped file */
		form.classList.add("dragging");
	}
	function leave() {
		form.classList.remove("dragging");
	}
	function drop(e) {
		e.preventDefault();
		leave();
		var files = e.dataTransfer && e.dataTransfer.files;
		if (!files || files.length !== 1)
			return;
		try {
			input.files = files;
		} catch (err) {
			return; /* an old browser: the picker still works */
		}
		if (input.files && input.files.length === 1)
			form.submit();
	}
	document.addEventListener("dragenter", over);
	document.addEventListener("dragover", over);
	document.addEventListener("dragleave", leave);
	document.addEventListener("drop", drop);
})();
