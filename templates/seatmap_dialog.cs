<?cs
# The seat-map modal, included by the pages that have a seat-map opener: a link or button with
# data-seatmap (the seats API URL) and data-hold (buying) or data-action (data-mode="change").
# nginx/static/seatmap.js clones this template into a <dialog>; without JavaScript it stays inert
# and every opener is a plain link to the form-based page. The strings the script needs are in
# data-s-* attributes, already in the page's language. ?>
<template id="seatmap-template">
  <dialog class="seatmap" aria-labelledby="seatmap-title"
    data-s-row="<?cs var:Lang.Shop.row ?>"
    data-s-seat="<?cs var:Lang.Shop.seat ?>"
    data-s-category="<?cs var:Lang.Shop.category ?>"
    data-s-taken="<?cs var:Lang.Shop.map_taken ?>"
    data-s-other="<?cs var:Lang.Shop.map_other_category ?>"
    data-s-current="<?cs var:Lang.Shop.map_current ?>"
    data-s-stage="<?cs var:Lang.Shop.stage ?>"
    data-s-chosen="<?cs var:Lang.Shop.map_chosen ?>"
    data-s-total="<?cs var:Lang.Shop.total ?>"
    data-s-none="<?cs var:Lang.Shop.map_none ?>"
    data-s-max="<?cs var:Lang.Shop.per_person ?>"
    data-s-lost="<?cs var:Lang.Shop.map_lost ?>"
    data-s-error="<?cs var:Lang.Shop.map_error ?>"
    data-s-fallback="<?cs var:Lang.Shop.map_fallback ?>"
    data-s-pick="<?cs var:Lang.Err.seats_invalid ?>"
    data-s-zoomed="<?cs var:Lang.Shop.map_zoomed_tap ?>"
    data-s-title-change="<?cs var:Lang.Shop.change_seat_heading ?>"
    data-s-submit-change="<?cs var:Lang.Shop.change_submit ?>"
    data-s-legend-chosen="<?cs var:Lang.Shop.map_legend_chosen ?>"
    data-s-legend-taken="<?cs var:Lang.Shop.map_legend_taken ?>">
    <form method="post" class="seatmap-form">
      <?cs call:csrf() ?>
      <div class="seatmap-head">
        <div class="seatmap-titles">
          <h2 id="seatmap-title" class="seatmap-title"><?cs var:Lang.Shop.choose_seats ?></h2>
          <p class="seatmap-sub"></p>
        </div>
        <button type="button" class="seatmap-close" data-close><span aria-hidden="true">×</span><span class="visually-hidden"><?cs var:Lang.Shop.map_close ?></span></button>
      </div>
      <div class="seatmap-bar">
        <p class="seatmap-hint" id="seatmap-hint"><?cs var:Lang.Shop.map_hint ?></p>
        <div class="seatmap-zoom" role="group" aria-label="<?cs var:Lang.Shop.map_zoom ?>">
          <button type="button" class="btn btn-small" data-zoom="in"><span aria-hidden="true">+</span><span class="visually-hidden"><?cs var:Lang.Shop.map_zoom_in ?></span></button>
          <button type="button" class="btn btn-small" data-zoom="out"><span aria-hidden="true">−</span><span class="visually-hidden"><?cs var:Lang.Shop.map_zoom_out ?></span></button>
          <button type="button" class="btn btn-small" data-zoom="fit"><?cs var:Lang.Shop.map_zoom_fit ?></button>
        </div>
      </div>
      <div class="seatmap-stage">
        <p class="seatmap-loading"><?cs var:Lang.Shop.map_loading ?></p>
        <svg class="seatmap-svg" role="group" aria-label="<?cs var:Lang.Shop.map_label ?>" aria-describedby="seatmap-hint"></svg>
      </div>
      <ul class="plan-legend seatmap-legend" aria-label="<?cs var:Lang.Shop.legend ?>"></ul>
      <div class="seatmap-foot">
        <div class="seatmap-summary" role="status"></div>
        <div class="seatmap-inputs"></div>
        <button type="submit" class="btn btn-primary seatmap-submit"><?cs var:Lang.Shop.add_to_cart ?></button>
      </div>
    </form>
  </dialog>
</template>
<script src="/static/seatmap.js?v=<?cs var:url_escape(Site.AssetVersion) ?>" defer></script>
