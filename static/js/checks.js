// Sign checks: the photo is sent as soon as it is taken (without JavaScript, the button does).
document.querySelectorAll('form.photo-form input[type=file]').forEach(function (input) {
  input.addEventListener('change', function () {
    if (input.files.length) input.form.requestSubmit();
  });
});
