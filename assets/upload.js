/* The library page's upload form (/library): sent in the background, with the
   share of its bytes sent drawn in the progress bar, then a busy bar while the
   server reads the report and proposes its facts; then the review page of the
   new report, or the server's message under the form. Without this script the
   form posts by itself. Its texts are the form's data attributes (catalog). */
(function () {
    "use strict";
    var FORM = "upload-form";

    function part(form, id) {
        return form.querySelector("#" + id);
    }

    function setBar(form, percent, busy) {
        var progress = part(form, "upload-progress");
        var bar = part(form, "upload-progress-bar");
        progress.hidden = false;
        bar.classList.toggle("progress-bar-striped", busy);
        bar.classList.toggle("progress-bar-animated", busy);
        bar.style.width = (busy ? 100 : percent) + "%";
        if (busy) {
            bar.removeAttribute("aria-valuenow");
            bar.textContent = "";
        } else {
            bar.setAttribute("aria-valuenow", String(percent));
            bar.textContent = percent + "%";
        }
    }

    function say(form, text) {
        var status = part(form, "upload-status");
        status.textContent = text || "";
        status.hidden = !text;
    }

    function finish(form, message) {
        var alert = part(form, "upload-message");
        part(form, "upload-submit").disabled = false;
        part(form, "upload-progress").hidden = true;
        say(form, "");
        alert.textContent = message;
        alert.hidden = false;
    }

    function answered(form, request) {
        var body = null;
        try {
            body = JSON.parse(request.responseText);
        } catch (ignore) {
            body = null;
        }
        if (request.status === 200 && body && body.review) {
            say(form, body.message || "");
            window.location.assign(body.review);
            return;
        }
        finish(form, (body && body.error) || form.dataset.failed);
    }

    function send(form) {
        var file = part(form, "upload-file").files[0];
        var alert = part(form, "upload-message");
        alert.hidden = true;
        alert.textContent = "";
        if (file && file.size > Number(form.dataset.maxBytes)) {
            finish(form, form.dataset.tooLarge);
            return;
        }
        var request = new XMLHttpRequest();
        part(form, "upload-submit").disabled = true;
        setBar(form, 0, false);
        request.upload.addEventListener("progress", function (event) {
            if (event.lengthComputable) {
                setBar(form, Math.floor(100 * event.loaded / event.total), false);
            }
        });
        // Every byte is sent: the server is reading the report now.
        request.upload.addEventListener("load", function () {
            setBar(form, 100, true);
            say(form, form.dataset.working);
        });
        request.addEventListener("load", function () {
            answered(form, request);
        });
        request.addEventListener("error", function () {
            finish(form, form.dataset.network);
        });
        request.open("POST", form.getAttribute("action"));
        request.setRequestHeader("Accept", "application/json");
        request.send(new FormData(form));
    }

    /* The form's file input, made as an element in its slot (Dash has no file
       input a form posts; the page never renders markup from a string). */
    function fileInput() {
        var slot = document.getElementById("upload-file-slot");
        if (!slot || slot.querySelector("input")) { return; }
        var input = document.createElement("input");
        input.type = "file";
        input.id = "upload-file";
        input.name = "file";
        input.accept = slot.getAttribute("data-accept") || "";
        input.required = true;
        input.className = "form-control";
        slot.appendChild(input);
    }
    new MutationObserver(fileInput).observe(document.documentElement, {
        childList: true,
        subtree: true
    });
    fileInput();

    document.addEventListener("submit", function (event) {
        var form = event.target;
        if (!form || form.id !== FORM || typeof FormData === "undefined") {
            return;
        }
        event.preventDefault();
        if (!part(form, "upload-submit").disabled) {
            send(form);
        }
    });
}());
