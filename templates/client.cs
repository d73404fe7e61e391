<?cs include:"layout_head.cs" ?>
<h1 class="page-title"><?cs var:Client.Name ?></h1>
<?cs include:"organiser_nav.cs" ?>
<p class="back"><a href="/organiser/clients"><span aria-hidden="true">←</span> <?cs var:Lang.Client.back ?></a></p>
<?cs call:form_error() ?>
<div class="org-grid org-grid-list">
  <section class="panel org-main" aria-labelledby="client-edit-heading">
    <h2 id="client-edit-heading"><?cs var:Lang.Client.edit_heading ?></h2>
    <form method="post" action="/organiser/clients/<?cs var:url_escape(Client.Id) ?>" class="form">
      <?cs call:csrf() ?>
<?cs include:"client_form.cs" ?>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary"><?cs var:Lang.Client.save ?></button>
      </div>
    </form>
  </section>

  <section class="panel org-side" aria-labelledby="client-events-heading">
    <h2 id="client-events-heading"><?cs var:Lang.Client.events_heading ?></h2><?cs
    if:subcount(ClientEvents) > 0 ?>
    <ul class="event-list"><?cs
      each:e = ClientEvents ?>
      <li>
        <a class="row-title" href="/organiser/events/<?cs var:url_escape(e.id) ?>"><?cs var:e.name ?></a>
        <span class="event-list-meta"><span class="nowrap"><?cs var:e.StartsLocal ?></span> <?cs call:status_badge(e.status) ?> <span class="nowrap"><?cs var:Lang.Client.sold ?> <?cs if:e.sold ?><?cs var:e.sold ?><?cs else ?>0<?cs /if ?></span></span>
      </li><?cs
      /each ?>
    </ul><?cs
    else ?>
    <p class="muted"><?cs var:Lang.Client.events_empty ?></p><?cs
    /if ?>
    <p class="hint"><?cs var:Lang.Client.events_hint ?></p>
  </section>
</div>
<?cs include:"layout_foot.cs" ?>
