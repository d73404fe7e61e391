<?cs include:"layout_head.cs" ?>
<h1 class="page-title"><?cs var:Lang.Admin.users_heading ?></h1>
<?cs call:form_error() ?>
<form class="search search-inline" method="get" action="/admin/users" role="search" aria-label="<?cs var:Lang.Admin.search_label ?>">
  <div class="field search-q">
    <label for="q"><?cs var:Lang.Admin.q_label ?></label>
    <input type="search" id="q" name="q" value="<?cs var:Search.q ?>" maxlength="200" autocomplete="off" spellcheck="false">
  </div>
  <div class="search-actions">
    <button type="submit" class="btn btn-primary"><?cs var:Lang.Admin.search ?></button>
  </div>
</form>

<section aria-labelledby="users-heading">
  <h2 id="users-heading" class="visually-hidden"><?cs var:Lang.Admin.users_label ?></h2><?cs
  if:subcount(Users) > 0 ?>
  <div class="table-wrap">
  <table class="table table-stack">
    <thead>
      <tr>
        <th scope="col"><?cs var:Lang.Admin.col_user ?></th>
        <th scope="col"><?cs var:Lang.Admin.col_status ?></th>
        <th scope="col"><?cs var:Lang.Admin.col_created ?></th>
        <th scope="col"><?cs var:Lang.Admin.col_role ?></th>
        <th scope="col"><?cs var:Lang.Admin.col_actions ?></th>
      </tr>
    </thead>
    <tbody><?cs
    each:u = Users ?>
      <tr<?cs if:u.Blocked == 1 ?> class="row-blocked"<?cs /if ?>>
        <th scope="row" data-label="<?cs var:Lang.Admin.col_user ?>">
          <span class="user-full"><?cs var:u.FirstName ?> <?cs var:u.LastName ?></span>
          <span class="user-email"><?cs var:u.Email ?></span>
        </th>
        <td data-label="<?cs var:Lang.Admin.col_status ?>"><?cs
          if:u.Blocked == 1 ?><span class="badge badge-full"><?cs var:Lang.Admin.blocked ?></span><?cs
          else ?><span class="badge badge-available"><?cs var:Lang.Admin.active ?></span><?cs /if ?>
          <span class="small muted"><?cs if:u.Verified == 1 ?><?cs var:Lang.Admin.verified ?><?cs else ?><?cs var:Lang.Admin.unverified ?><?cs /if ?></span>
        </td>
        <td data-label="<?cs var:Lang.Admin.col_created ?>"><?cs var:u.CreatedAt ?></td>
        <td data-label="<?cs var:Lang.Admin.col_role ?>">
          <form method="post" action="/admin/users/<?cs var:url_escape(u.Id) ?>/role" class="inline-form">
            <?cs call:csrf() ?>
            <label class="visually-hidden" for="role-<?cs var:u.Id ?>"><?cs var:Lang.Admin.role_for ?> <?cs var:u.Email ?></label>
            <select id="role-<?cs var:u.Id ?>" name="role"><?cs
            each:r = Lang.Role ?>
              <option value="<?cs name:r ?>"<?cs if:u.Role == name(r) ?> selected<?cs /if ?>><?cs var:r ?></option><?cs
            /each ?>
            </select>
            <button type="submit" class="btn btn-small"><?cs var:Lang.Admin.set_role ?></button>
          </form>
        </td>
        <td data-label="<?cs var:Lang.Admin.col_actions ?>"><?cs
          if:u.Blocked == 1 ?>
          <form method="post" action="/admin/users/<?cs var:url_escape(u.Id) ?>/unblock" class="inline-form">
            <?cs call:csrf() ?>
            <button type="submit" class="btn btn-small" aria-label="<?cs var:Lang.Admin.unblock ?> <?cs var:u.Email ?>"><?cs var:Lang.Admin.unblock ?></button>
          </form><?cs
          else ?>
          <form method="post" action="/admin/users/<?cs var:url_escape(u.Id) ?>/block" class="inline-form" data-confirm="<?cs var:Lang.Admin.block_confirm ?>">
            <?cs call:csrf() ?>
            <button type="submit" class="btn btn-small btn-danger-quiet" aria-label="<?cs var:Lang.Admin.block ?> <?cs var:u.Email ?>"><?cs var:Lang.Admin.block ?></button>
          </form><?cs
          /if ?>
        </td>
      </tr><?cs
    /each ?>
    </tbody>
  </table>
  </div><?cs
  else ?>
  <div class="empty"><p class="empty-title"><?cs var:Lang.Admin.users_empty ?></p></div><?cs
  /if ?><?cs
  if:Pager.Prev || Pager.Next ?>
  <nav class="pager" aria-label="<?cs var:Lang.Day.pages ?>"><?cs
    if:Pager.Prev ?>
    <a class="btn pager-prev" rel="prev" href="/admin/users?<?cs if:Search.q ?>q=<?cs var:url_escape(Search.q) ?>&amp;<?cs /if ?>page=<?cs var:url_escape(Pager.Prev) ?>"><span aria-hidden="true">←</span> <?cs var:Lang.Day.prev ?></a><?cs
    /if ?><?cs
    if:Pager.Next ?>
    <a class="btn pager-next" rel="next" href="/admin/users?<?cs if:Search.q ?>q=<?cs var:url_escape(Search.q) ?>&amp;<?cs /if ?>page=<?cs var:url_escape(Pager.Next) ?>"><?cs var:Lang.Day.next ?> <span aria-hidden="true">→</span></a><?cs
    /if ?>
  </nav><?cs
  /if ?>
</section>

<section class="role-log" aria-labelledby="log-heading">
  <h2 id="log-heading"><?cs var:Lang.Admin.log_heading ?></h2><?cs
  if:subcount(RoleLog) > 0 ?>
  <div class="table-wrap">
  <table class="table table-stack">
    <thead>
      <tr>
        <th scope="col"><?cs var:Lang.Admin.log_when ?></th>
        <th scope="col"><?cs var:Lang.Admin.log_actor ?></th>
        <th scope="col"><?cs var:Lang.Admin.log_target ?></th>
        <th scope="col"><?cs var:Lang.Admin.log_change ?></th>
      </tr>
    </thead>
    <tbody><?cs
    each:g = RoleLog ?>
      <tr>
        <td data-label="<?cs var:Lang.Admin.log_when ?>"><?cs var:g.When ?></td>
        <td data-label="<?cs var:Lang.Admin.log_actor ?>"><?cs var:g.Actor ?></td>
        <td data-label="<?cs var:Lang.Admin.log_target ?>"><?cs var:g.Target ?></td>
        <td data-label="<?cs var:Lang.Admin.log_change ?>"><?cs if:Lang.Role[g.OldRole] ?><?cs var:Lang.Role[g.OldRole] ?><?cs else ?><?cs var:g.OldRole ?><?cs /if ?> → <?cs if:Lang.Role[g.NewRole] ?><?cs var:Lang.Role[g.NewRole] ?><?cs else ?><?cs var:g.NewRole ?><?cs /if ?></td>
      </tr><?cs
    /each ?>
    </tbody>
  </table>
  </div><?cs
  else ?>
  <p class="muted"><?cs var:Lang.Admin.log_empty ?></p><?cs
  /if ?>
</section>
<?cs include:"audit_list.cs" ?><?cs
if:AuditPager.Prev || AuditPager.Next ?>
<nav class="pager" aria-label="<?cs var:Lang.Day.audit_pages ?>"><?cs
  if:AuditPager.Prev ?><a rel="prev" href="/admin/users?audit_page=<?cs var:AuditPager.Prev ?>#audit"><?cs var:Lang.Day.prev ?></a><?cs /if ?><?cs
  if:AuditPager.Next ?><a rel="next" href="/admin/users?audit_page=<?cs var:AuditPager.Next ?>#audit"><?cs var:Lang.Day.next ?></a><?cs /if ?>
</nav><?cs
/if ?>
<?cs include:"layout_foot.cs" ?>
