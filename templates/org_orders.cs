<?cs include:"layout_head.cs" ?><?cs
# An event's orders and attendees: search (name, email, phone, code), a filter by
# status, one row per ticket linking to its order, a pager, the exports. ?>
<h1 class="page-title"><?cs var:Lang.Day.orders_heading ?></h1>
<?cs include:"organiser_nav.cs" ?>
<p class="back"><a href="/organiser/events/<?cs var:url_escape(Event.Id) ?>"><span aria-hidden="true">←</span> <?cs var:Event.Name ?></a></p>
<form method="get" action="/organiser/events/<?cs var:url_escape(Event.Id) ?>/orders" class="panel form search-form" role="search" aria-label="<?cs var:Lang.Day.search_label ?>">
  <div class="field-row">
    <div class="field">
      <label for="q"><?cs var:Lang.Day.search ?></label>
      <input type="search" id="q" name="q" value="<?cs var:Form.q ?>" maxlength="200" autocomplete="off" spellcheck="false" aria-describedby="q-hint">
      <p class="hint" id="q-hint"><?cs var:Lang.Day.search_hint ?></p>
    </div>
    <div class="field">
      <label for="status"><?cs var:Lang.Day.status_filter ?></label>
      <select id="status" name="status">
        <option value=""><?cs var:Lang.Day.status_all ?></option>
        <option value="valid"<?cs if:Form.status == "valid" ?> selected<?cs /if ?>><?cs var:Lang.Day.St.valid ?></option>
        <option value="used"<?cs if:Form.status == "used" ?> selected<?cs /if ?>><?cs var:Lang.Day.St.used ?></option>
        <option value="cancelled"<?cs if:Form.status == "cancelled" ?> selected<?cs /if ?>><?cs var:Lang.Day.St.cancelled ?></option>
      </select>
    </div>
  </div>
  <div class="form-actions">
    <button type="submit" class="btn btn-primary"><?cs var:Lang.Day.search_button ?></button>
  </div>
</form>
<p class="toolbar">
  <a class="btn" href="/organiser/events/<?cs var:url_escape(Event.Id) ?>/attendees.csv" download><?cs var:Lang.Day.export_attendees ?></a>
  <a class="btn" href="/organiser/events/<?cs var:url_escape(Event.Id) ?>/orders.csv" download><?cs var:Lang.Day.export_orders ?></a>
  <a class="btn" href="/organiser/events/<?cs var:url_escape(Event.Id) ?>/guests"><?cs var:Lang.Day.guest_list ?></a>
</p>
<section aria-labelledby="att-heading">
  <h2 id="att-heading" class="visually-hidden"><?cs var:Lang.Day.attendees ?></h2><?cs
  if:subcount(Tickets) > 0 ?>
  <div class="table-wrap">
  <table class="table table-stack att-table">
    <thead>
      <tr>
        <th scope="col"><?cs var:Lang.Day.col_name ?></th>
        <th scope="col"><?cs var:Lang.Day.col_code ?></th>
        <th scope="col"><?cs var:Lang.Day.col_seat ?></th>
        <th scope="col"><?cs var:Lang.Day.col_status ?></th>
        <th scope="col"><?cs var:Lang.Day.col_order ?></th>
      </tr>
    </thead>
    <tbody><?cs
    each:t = Tickets ?>
      <tr>
        <th scope="row" data-label="<?cs var:Lang.Day.col_name ?>"><?cs var:t.Name ?>
          <span class="venue-sub"><?cs var:t.Email ?><?cs if:t.Phone ?> · <?cs var:t.Phone ?><?cs /if ?></span></th>
        <td data-label="<?cs var:Lang.Day.col_code ?>"><code class="code"><?cs var:t.CodeShown ?></code></td>
        <td data-label="<?cs var:Lang.Day.col_seat ?>"><?cs if:t.Section ?><?cs var:t.Section ?> <?cs var:t.Row ?>-<?cs var:t.Seat ?><?cs else ?><?cs var:t.Category ?><?cs /if ?></td>
        <td data-label="<?cs var:Lang.Day.col_status ?>"><span class="badge badge-<?cs var:t.Status ?>"><?cs var:Lang.Day.St[t.Status] ?></span></td>
        <td data-label="<?cs var:Lang.Day.col_order ?>"><a href="/organiser/events/<?cs var:url_escape(Event.Id) ?>/orders/<?cs var:url_escape(t.OrderId) ?>"><?cs var:Lang.Day.order_heading ?> <?cs var:t.OrderId ?></a></td>
      </tr><?cs
    /each ?>
    </tbody>
  </table>
  </div><?cs
  else ?>
  <div class="empty"><p class="empty-title"><?cs var:Lang.Day.none_found ?></p></div><?cs
  /if ?><?cs
  if:Pager.Prev || Pager.Next ?>
  <nav class="pager" aria-label="<?cs var:Lang.Day.pages ?>"><?cs
    if:Pager.Prev ?><a rel="prev" href="?q=<?cs var:url_escape(Form.q) ?>&amp;status=<?cs var:url_escape(Form.status) ?>&amp;page=<?cs var:Pager.Prev ?>"><?cs var:Lang.Day.prev ?></a><?cs /if ?>
    <span><?cs var:Lang.Day.page ?> <?cs var:Pager.Page ?></span><?cs
    if:Pager.Next ?><a rel="next" href="?q=<?cs var:url_escape(Form.q) ?>&amp;status=<?cs var:url_escape(Form.status) ?>&amp;page=<?cs var:Pager.Next ?>"><?cs var:Lang.Day.next ?></a><?cs /if ?>
  </nav><?cs
  /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
