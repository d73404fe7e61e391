<?cs include:"layout_head.cs" ?><?cs
# Link to page N of the current search; only the search fields in use go into the URL. ?><?cs
def:page_href(n) ?>/?<?cs
  if:Search.q ?>q=<?cs var:url_escape(Search.q) ?>&amp;<?cs /if ?><?cs
  if:Search.from ?>from=<?cs var:url_escape(Search.from) ?>&amp;<?cs /if ?><?cs
  if:Search.to ?>to=<?cs var:url_escape(Search.to) ?>&amp;<?cs /if ?><?cs
  if:Search.venue ?>venue=<?cs var:url_escape(Search.venue) ?>&amp;<?cs /if ?>page=<?cs var:url_escape(n) ?><?cs
/def ?>
<section class="hero" aria-labelledby="home-heading">
  <h1 id="home-heading"><?cs var:Lang.Home.heading ?></h1>
  <p class="lead"><?cs var:Lang.Home.intro ?></p><?cs
  if:!Errors.q && !Errors.from && !Errors.to ?>
  <?cs call:form_error() ?><?cs
  /if ?>
  <form class="search" method="get" action="/" role="search" aria-label="<?cs var:Lang.Home.search_label ?>">
    <div class="field search-q">
      <label for="q"><?cs var:Lang.Home.q_label ?></label>
      <input type="search" id="q" name="q" value="<?cs var:Search.q ?>" placeholder="<?cs var:Lang.Home.q_placeholder ?>" maxlength="200" autocomplete="off"<?cs call:described("q", "q", "") ?>>
      <?cs call:field_error("q", "q") ?>
    </div>
    <div class="field search-date">
      <label for="from"><?cs var:Lang.Home.from_label ?></label>
      <input type="date" id="from" name="from" value="<?cs var:Search.from ?>"<?cs call:described("from", "from", "") ?>>
      <?cs call:field_error("from", "from") ?>
    </div>
    <div class="field search-date">
      <label for="to"><?cs var:Lang.Home.to_label ?></label>
      <input type="date" id="to" name="to" value="<?cs var:Search.to ?>"<?cs call:described("to", "to", "") ?>>
      <?cs call:field_error("to", "to") ?>
    </div>
    <?cs if:subcount(VenueList) > 0 ?><div class="field search-venue">
      <label for="venue"><?cs var:Lang.Home.venue_label ?></label>
      <select id="venue" name="venue"<?cs call:described("venue", "venue", "") ?>>
        <option value=""><?cs var:Lang.Home.venue_any ?></option><?cs
        each:v = VenueList ?>
        <option value="<?cs var:v.id ?>"<?cs if:Search.venue == v.id ?> selected<?cs /if ?>><?cs var:v.name ?></option><?cs
        /each ?>
      </select>
      <?cs call:field_error("venue", "venue") ?>
    </div><?cs /if ?>
    <div class="search-actions">
      <button type="submit" class="btn btn-primary"><?cs var:Lang.Home.search ?></button><?cs
      if:Search.q || Search.from || Search.to || Search.venue ?>
      <a class="btn btn-quiet" href="/"><?cs var:Lang.Home.clear ?></a><?cs
      /if ?>
    </div>
  </form>
</section>

<section class="results" aria-labelledby="results-heading">
  <h2 id="results-heading" class="visually-hidden"><?cs var:Lang.Home.results_label ?></h2><?cs
  if:subcount(Events) > 0 ?>
  <ul class="cards"><?cs
    each:e = Events ?>
    <li class="card card-event<?cs if:e.Availability == "cancelled" ?> card-cancelled<?cs /if ?>"><?cs
      # the organiser's poster, else a plain band of the same size (issue 13); the title names the event ?><?cs
      if:e.Image ?>
      <img class="card-media" src="/uploads/events/<?cs var:url_escape(e.Image) ?>" alt="" loading="lazy" width="640" height="360"><?cs
      else ?>
      <div class="card-media card-media-none" aria-hidden="true"></div><?cs
      /if ?>
      <article class="card-body">
        <p class="card-date"><time datetime="<?cs var:e.StartsISO ?>"><?cs if:e.Weekday ?><?cs var:e.Weekday ?>, <?cs /if ?><?cs var:e.StartsLocal ?></time></p>
        <h3 class="card-title"><a href="/events/<?cs var:url_escape(e.Id) ?>"><?cs var:e.Name ?></a></h3>
        <p class="card-venue"><?cs var:e.VenueName ?></p><?cs
        if:e.Description ?>
        <p class="card-desc"><?cs var:e.Description ?></p><?cs
        /if ?>
        <div class="card-foot">
          <p class="card-price"><?cs call:price_from(e) ?></p>
          <?cs call:availability(e) ?>
        </div>
      </article>
    </li><?cs
    /each ?>
  </ul><?cs
    if:Pager.Prev || Pager.Next ?>
  <nav class="pager" aria-label="<?cs var:Lang.Home.pager_label ?>"><?cs
      if:Pager.Prev ?>
    <a class="btn" rel="prev" href="<?cs call:page_href(Pager.Prev) ?>"><span aria-hidden="true">←</span> <?cs var:Lang.Home.prev ?></a><?cs
      /if ?><?cs
      if:Pager.Next ?>
    <a class="btn pager-next" rel="next" href="<?cs call:page_href(Pager.Next) ?>"><?cs var:Lang.Home.next ?> <span aria-hidden="true">→</span></a><?cs
      /if ?>
  </nav><?cs
    /if ?><?cs
  else ?>
  <div class="empty"><?cs
    if:Search.q || Search.from || Search.to || Search.venue ?>
    <p class="empty-title"><?cs var:Lang.Home.empty ?></p>
    <p><?cs var:Lang.Home.empty_hint ?></p>
    <p><a href="/"><?cs var:Lang.Home.clear ?></a></p><?cs
    else ?>
    <p class="empty-title"><?cs var:Lang.Home.empty_all ?></p><?cs
    /if ?>
  </div><?cs
  /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
