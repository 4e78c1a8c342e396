// The repository page's reset dialog. Without this script the Reset link opens the confirmation page,
// which posts the same form; the server refuses a reset without the checkbox ticked either way.
(function () {
  var open = document.getElementById('reset');
  var dialog = document.getElementById('reset-dialog');
  if (!open || !dialog || typeof dialog.showModal !== 'function') {
    return;
  }
  var box = document.getElementById('reset-confirmed');
  var confirm = document.getElementById('reset-confirm');
  function sync() {
    confirm.disabled = !box.checked;
  }
  open.addEventListener('click', function (event) {
    event.preventDefault();
    box.checked = false;
    sync();
    dialog.showModal();
  });
  box.addEventListener('change', sync);
  document.getElementById('reset-cancel').addEventListener('click', function () {
    dialog.close();
  });
  sync();
})();
