<?cs var:Lang.Mail.Greeting ?><?cs if:Mail.Name ?>, <?cs var:Mail.Name ?><?cs /if ?>!

<?cs var:Lang.Mail.Purchase.Body ?>

<?cs var:Lang.Mail.Purchase.Event ?>: <?cs var:Mail.Event ?>
<?cs var:Lang.Mail.Purchase.When ?>: <?cs var:Mail.When ?>
<?cs if:Mail.Venue ?><?cs var:Lang.Mail.Purchase.Venue ?>: <?cs var:Mail.Venue ?><?cs if:Mail.Address ?>, <?cs var:Mail.Address ?><?cs /if ?>
<?cs /if ?><?cs var:Lang.Mail.Purchase.Order ?>: <?cs var:Mail.Order ?>
<?cs var:Lang.Mail.Purchase.Total ?>: <?cs var:Mail.Total ?> <?cs var:Mail.Currency ?><?cs
if:Mail.Receipt.Amount ?>
<?cs var:Lang.Mail.Receipt.Paid ?>: <?cs var:Mail.Receipt.Amount ?> <?cs var:Mail.Receipt.Currency ?><?cs
if:Mail.Receipt.Ref ?>
<?cs var:Lang.Mail.Receipt.Ref ?>: <?cs var:Mail.Receipt.Ref ?><?cs
/if ?><?cs
/if ?>

<?cs var:Lang.Mail.Purchase.Tickets ?>:
<?cs each:t = Mail.Tickets ?>
* <?cs var:t.Code ?><?cs if:t.Seat ?> — <?cs var:t.Seat ?><?cs /if ?><?cs if:t.Price ?> — <?cs var:t.Price ?> <?cs var:Mail.Currency ?><?cs /if ?>
  <?cs var:t.Link ?>
<?cs /each ?>
<?cs var:Lang.Mail.Purchase.Attached ?>
<?cs var:Lang.Mail.Purchase.Calendar ?>

<?cs var:Lang.Mail.Purchase.Door ?>

<?cs var:Lang.Mail.Purchase.More ?>
<?cs var:Mail.Link ?>

-- 
<?cs var:Lang.Mail.Signature ?>
