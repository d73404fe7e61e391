<?cs var:Lang.Mail.Greeting ?><?cs if:Mail.Name ?>, <?cs var:Mail.Name ?><?cs /if ?>!

<?cs var:Lang.Mail.EventCancelled.Body ?>

<?cs var:Lang.Mail.EventCancelled.Event ?>: <?cs var:Mail.Event ?>
<?cs var:Lang.Mail.EventCancelled.When ?>: <?cs var:Mail.When ?><?cs
if:Mail.Venue ?>
<?cs var:Lang.Mail.EventCancelled.Venue ?>: <?cs var:Mail.Venue ?><?cs
/if ?>
<?cs var:Lang.Mail.EventCancelled.Tickets ?>: <?cs var:Mail.Tickets ?>

<?cs var:Lang.Mail.EventCancelled.Refund ?>

<?cs var:Lang.Mail.EventCancelled.More ?>
<?cs var:Mail.Link ?>

-- 
<?cs var:Lang.Mail.Signature ?>
