<?cs include:"layout_head.cs" ?>
<h1 class="page-title"><?cs var:Lang.Client.list_heading ?></h1>
<?cs include:"organiser_nav.cs" ?>
<?cs call:form_error() ?>
<div class="org-grid org-grid-list">
  <section class="org-main" aria-labelledby="clients-heading">
    <h2 id="clients-heading" class="visually-hidden"><?cs var:Lang.Client.list_label ?></h2><?cs
    if:subcount(ClientList) > 0 ?>
    <div class="table-wrap">
    <table class="table table-stack">
      <thead>
        <tr>
          <th scope="col"><?cs var:Lang.Client.col_name ?></th>
          <th scope="col"><?cs var:Lang.Client.col_contact ?></th>
          <th scope="col"><?cs var:Lang.Client.col_address ?></th>
          <th scope="col"><?cs var:Lang.Client.col_events ?></th>
        </tr>
      </thead>
      <tbody><?cs
      each:c = ClientList ?>
        <tr>
          <th scope="row" data-label="<?cs var:Lang.Client.col_name ?>"><a class="row-title" href="/organiser/clients/<?cs var:url_escape(c.id) ?>"><?cs var:c.name ?></a></th>
          <td data-label="<?cs var:Lang.Client.col_contact ?>"><?cs
            if:c.email ?><span class="contact-line"><?cs var:c.email ?></span><?cs /if ?><?cs
            if:c.phone ?><span class="contact-line nowrap"><?cs var:c.phone ?></span><?cs /if ?><?cs
            if:!c.email && !c.phone ?><span class="muted">—</span><?cs /if ?></td>
          <td data-label="<?cs var:Lang.Client.col_address ?>"><?cs if:c.address ?><?cs var:c.address ?><?cs else ?><span class="muted">—</span><?cs /if ?></td>
          <td data-label="<?cs var:Lang.Client.col_events ?>"><?cs if:c.events ?><?cs var:c.events ?><?cs else ?>0<?cs /if ?></td>
        </tr><?cs
      /each ?>
      </tbody>
    </table>
    </div><?cs
    else ?>
    <div class="empty">
      <p class="empty-title"><?cs var:Lang.Client.empty ?></p>
      <p><?cs var:Lang.Client.empty_hint ?></p>
    </div><?cs
    /if ?>
  </section>

  <section class="panel org-side" aria-labelledby="client-new-heading">
    <h2 id="client-new-heading"><?cs var:Lang.Client.new_heading ?></h2>
    <form method="post" action="/organiser/clients" class="form">
      <?cs call:csrf() ?>
<?cs include:"client_form.cs" ?>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary"><?cs var:Lang.Client.create ?></button>
      </div>
    </form>
  </section>
</div>
<?cs include:"layout_foot.cs" ?>
