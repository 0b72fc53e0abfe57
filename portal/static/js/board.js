/* The talking-mat board (templates/macros/board.html). The form's radios stay the truth:
   this script only shows each topic as a card in a pile or in one of three columns, and
   ticks the matching radio when a card moves. Ways to move a card:
   - drag it to a column (mouse, or a touch screen that drags);
   - press or tap it to pick it up, then press a column's "Put it here" button (touch, a
     switch: everything is reachable with Tab and Enter);
   - with a card focused, the left and right arrows move it between columns (mirrored in
     right-to-left pages); up and down move between cards.
   Each move is said through a polite live region. Without this file the radios show. */
(function () {
  "use strict";

  function say(status, text) {
    // Clear first so the same words twice are read twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function fill(template, card, column) {
    return (template || "").replace("{card}", card).replace("{column}", column || "");
  }

  function setup(root) {
    var live = root.querySelector("[data-board-live]");
    var fallback = root.querySelector("[data-board-fallback]");
    var status = root.querySelector("[data-board-status]");
    var lists = {};
    root.querySelectorAll("ul[data-column]").forEach(function (list) {
      lists[list.getAttribute("data-column")] = list;
    });
    var order = [""].concat(Array.prototype.map.call(
      root.querySelectorAll("[data-drop]"), function (c) { return c.getAttribute("data-drop"); }));
    var labels = {};
    root.querySelectorAll("[data-drop]").forEach(function (column) {
      labels[column.getAttribute("data-drop")] = column.querySelector("[data-column-label]").textContent.trim();
    });
    var rtl = (document.documentElement.getAttribute("dir") || "").toLowerCase() === "rtl";
    var selected = null;
    var dragged = null;

    function words(card) { return card.getAttribute("data-words"); }

    function radios(topic) {
      return root.querySelectorAll("[data-topic='" + topic + "'] input[type=radio]");
    }

    function select(card) {
      if (selected && selected !== card) { selected.setAttribute("aria-pressed", "false"); }
      selected = card;
      if (card) { card.setAttribute("aria-pressed", "true"); }
      root.classList.toggle("board--holding", !!card);
    }

    function place(card, value, announce) {
      var topic = card.getAttribute("data-topic");
      radios(topic).forEach(function (radio) { radio.checked = radio.value === value; });
      lists[value].appendChild(card.parentNode);
      if (announce) {
        say(status, value ? fill(root.getAttribute("data-msg-moved"), words(card), labels[value])
                          : fill(root.getAttribute("data-msg-unsorted"), words(card)));
      }
    }

    function column(card) { return card.parentNode.parentNode.getAttribute("data-column"); }

    function build(topicSet) {
      var topic = topicSet.getAttribute("data-topic");
      var legend = topicSet.querySelector("legend");
      var item = document.createElement("li");
      var card = document.createElement("button");
      card.type = "button";
      card.className = "board__card";
      card.setAttribute("data-topic", topic);
      card.setAttribute("data-words", legend.querySelector("[data-topic-words]").textContent.trim());
      card.setAttribute("aria-pressed", "false");
      card.draggable = true;
      card.innerHTML = legend.innerHTML;
      item.appendChild(card);
      var chosen = topicSet.querySelector("input[type=radio]:checked");
      lists[chosen && lists[chosen.value] ? chosen.value : ""].appendChild(item);

      card.addEventListener("click", function () {
        if (selected === card) {
          select(null);
          say(status, fill(root.getAttribute("data-msg-dropped"), words(card)));
        } else {
          select(card);
          say(status, fill(root.getAttribute("data-msg-picked"), words(card)));
        }
      });
      card.addEventListener("keydown", function (event) {
        var key = event.key;
        if (key === "ArrowLeft" || key === "ArrowRight") {
          event.preventDefault();
          var step = (key === "ArrowRight") !== rtl ? 1 : -1;
          var next = order.indexOf(column(card)) + step;
          if (next < 0 || next >= order.length) { return; }
          place(card, order[next], true);
          card.focus();
        } else if (key === "ArrowUp" || key === "ArrowDown") {
          event.preventDefault();
          var cards = Array.prototype.slice.call(card.parentNode.parentNode.querySelectorAll(".board__card"));
          var other = cards[cards.indexOf(card) + (key === "ArrowDown" ? 1 : -1)];
          if (other) { other.focus(); }
        } else if (key === "Escape" && selected) {
          select(null);
          say(status, fill(root.getAttribute("data-msg-dropped"), words(card)));
        }
      });
      card.addEventListener("dragstart", function (event) {
        dragged = card;
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", topic);
        card.classList.add("board__card--dragging");
      });
      card.addEventListener("dragend", function () {
        dragged = null;
        card.classList.remove("board__card--dragging");
      });
    }

    root.querySelectorAll("[data-board-fallback] [data-topic]").forEach(build);

    root.querySelectorAll("[data-put]").forEach(function (button) {
      button.addEventListener("click", function () {
        if (!selected) {
          say(status, root.getAttribute("data-msg-pick-first"));
          return;
        }
        var card = selected;
        place(card, button.getAttribute("data-put"), true);
        select(null);
        // The next card still to sort, so a switch user carries straight on.
        var next = lists[""].querySelector(".board__card");
        (next || card).focus();
      });
    });

    function dropZone(zone, value) {
      zone.addEventListener("dragover", function (event) {
        if (!dragged) { return; }
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        zone.classList.add("board__drop--over");
      });
      zone.addEventListener("dragleave", function () { zone.classList.remove("board__drop--over"); });
      zone.addEventListener("drop", function (event) {
        zone.classList.remove("board__drop--over");
        if (!dragged) { return; }
        event.preventDefault();
        var card = dragged;
        select(null);
        place(card, value, true);
        card.focus();
      });
    }
    root.querySelectorAll("[data-drop]").forEach(function (zone) {
      dropZone(zone, zone.getAttribute("data-drop"));
    });
    dropZone(root.querySelector(".board__pile"), "");

    // Listen reads the cards now: the hidden radios' words would be read twice.
    fallback.querySelectorAll("[data-say]").forEach(function (el) { el.removeAttribute("data-say"); });
    fallback.hidden = true;
    live.hidden = false;
    root.querySelectorAll(".board__keys").forEach(function (p) { p.hidden = false; });
    root.classList.add("board--live");
  }

  function init() { document.querySelectorAll("[data-board]").forEach(setup); }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
