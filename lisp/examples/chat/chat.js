// Long-polls /chat/poll/ for new messages and posts the form to /chat/send/.
(function () {
  var table = document.getElementById("messages");
  function add(user, text) {
    var row = table.insertRow(-1);
    row.insertCell(-1).className = "username";
    row.cells[0].textContent = user;
    row.insertCell(-1).className = "message";
    row.cells[1].textContent = text;
  }
  function poll() {
    fetch("/chat/poll/").then(function (r) { return r.json(); }).then(function (msgs) {
      msgs.forEach(function (m) { add(m[0], m[1]); });
      poll();
    }, function () { setTimeout(poll, 2000); });
  }
  document.getElementById("send").addEventListener("submit", function (e) {
    e.preventDefault();
    var form = e.target;
    fetch("/chat/send/", { method: "POST", body: new URLSearchParams(new FormData(form)) });
    form.msg.value = "";
  });
  poll();
})();
