<?cs # The organiser area's second-level navigation; Page.Sub names the current part. ?>
<nav class="subnav" aria-label="<?cs var:Lang.Org.nav_label ?>">
  <ul>
    <li><a href="/organiser/events"<?cs if:Page.Sub == "events" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Org.nav_events ?></a></li>
    <li><a href="/organiser/venues"<?cs if:Page.Sub == "venues" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Org.nav_venues ?></a></li>
    <li><a href="/organiser/sales"<?cs if:Page.Sub == "sales" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Sales.nav ?></a></li>
    <li><a href="/organiser/clients"<?cs if:Page.Sub == "clients" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Org.nav_clients ?></a></li>
  </ul>
</nav>
