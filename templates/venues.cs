<?cs include:"layout_head.cs" ?>
<h1 class="page-title"><?cs var:Lang.Venue.list_heading ?></h1>
<?cs include:"organiser_nav.cs" ?>
<?cs call:form_error() ?>
<div class="venue-grid venue-grid-list">
  <section class="venue-main" aria-labelledby="venues-heading">
    <h2 id="venues-heading" class="visually-hidden"><?cs var:Lang.Venue.list_label ?></h2><?cs
    if:subcount(Venues) > 0 ?>
    <div class="table-wrap">
    <table class="table table-stack venue-table">
      <thead>
        <tr>
          <th scope="col"><?cs var:Lang.Venue.col_venue ?></th>
          <th scope="col"><?cs var:Lang.Venue.col_places ?></th>
          <th scope="col"><?cs var:Lang.Venue.col_price ?></th>
          <th scope="col"><?cs var:Lang.Venue.col_status ?></th>
        </tr>
      </thead>
      <tbody><?cs
      each:v = Venues ?>
        <tr<?cs if:v.Status == "inactive" ?> class="row-inactive"<?cs /if ?>>
          <th scope="row" data-label="<?cs var:Lang.Venue.col_venue ?>">
            <a class="venue-link" href="/organiser/venues/<?cs var:url_escape(v.Id) ?>"><?cs var:v.Name ?></a>
            <span class="venue-sub"><?cs var:v.KindLabel ?> · <?cs var:v.Address ?></span><?cs
            if:v.Owned == "1" && !ShowOwner ?>
            <span class="badge badge-available"><?cs var:Lang.Day.venue_yours ?></span><?cs
            /if ?><?cs
            if:ShowOwner && v.OwnerEmail ?>
            <span class="venue-sub"><?cs var:Lang.Venue.owner ?> <?cs var:v.OwnerEmail ?></span><?cs
            /if ?>
          </th>
          <td data-label="<?cs var:Lang.Venue.col_places ?>"><?cs
            if:v.Seated == "1" ?><?cs
              if:#v.Seats > 0 ?><?cs var:Lang.Venue.seats_count ?> <?cs var:v.Seats ?><?cs
              else ?><span class="muted"><?cs var:Lang.Venue.no_plan ?></span><?cs /if ?><?cs
            else ?><?cs var:Lang.Venue.ga_count ?> <?cs var:v.Capacity ?><?cs
            /if ?></td>
          <td data-label="<?cs var:Lang.Venue.col_price ?>"><span class="nowrap"><?cs var:v.Price ?> <?cs call:currency("KZT") ?></span> <span class="muted"><?cs var:Lang.Venue.per_hour ?></span></td>
          <td data-label="<?cs var:Lang.Venue.col_status ?>"><?cs
            if:v.Status == "active" ?><span class="badge badge-available"><?cs var:Lang.Venue.Status.active ?></span><?cs
            else ?><span class="badge badge-cancelled"><?cs var:Lang.Venue.Status.inactive ?></span><?cs /if ?></td>
        </tr><?cs
      /each ?>
      </tbody>
    </table>
    </div><?cs
    else ?>
    <div class="empty">
      <p class="empty-title"><?cs var:Lang.Venue.empty ?></p>
      <p><?cs var:Lang.Venue.empty_hint ?></p>
    </div><?cs
    /if ?>
  </section>

  <section class="panel venue-side" aria-labelledby="venue-new-heading">
    <h2 id="venue-new-heading"><?cs var:Lang.Venue.new_heading ?></h2>
    <form method="post" action="/organiser/venues" class="form">
      <?cs call:csrf() ?>
<?cs include:"venue_form.cs" ?>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary"><?cs var:Lang.Venue.create ?></button>
      </div>
    </form>
  </section>
</div>
<?cs include:"layout_foot.cs" ?>
