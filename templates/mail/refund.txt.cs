<?cs var:Lang.Mail.Greeting ?><?cs if:Mail.Name ?>, <?cs var:Mail.Name ?><?cs /if ?>!

<?cs var:Lang.Mail.Refund.Body ?>

<?cs var:Lang.Mail.Refund.Event ?>: <?cs var:Mail.Event ?>
<?cs var:Lang.Mail.Refund.Order ?>: <?cs var:Mail.Order ?>
<?cs var:Lang.Mail.Refund.Amount ?>: <?cs var:Mail.Amount ?> <?cs var:Mail.Currency ?>
<?cs var:Lang.Mail.Refund.Ref ?>: <?cs var:Mail.Ref ?><?cs
if:Mail.PaymentRef ?>
<?cs var:Lang.Mail.Refund.Payment ?>: <?cs var:Mail.PaymentRef ?><?cs
/if ?>

<?cs var:Lang.Mail.Refund.Button ?>:
<?cs var:Mail.Link ?>

-- 
<?cs var:Lang.Mail.Signature ?>
