<?cs set:Mail.Title = Lang.Mail.Refund.Subject ?><?cs include:"mail/html_head.cs" ?>
<p style="margin:0 0 16px;"><?cs var:Lang.Mail.Greeting ?><?cs if:Mail.Name ?>, <?cs var:Mail.Name ?><?cs /if ?>!</p>
<p style="margin:0 0 20px;"><?cs var:Lang.Mail.Refund.Body ?></p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 20px;background-color:#e8f3f8;border-left:5px solid #0b5a7f;border-radius:6px;">
<tr><td style="padding:14px 18px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1f24;">
<p style="margin:0 0 6px;font-size:18px;font-weight:bold;color:#0b5a7f;"><?cs var:Mail.Event ?></p>
<p style="margin:0;"><span style="color:#4a5360;"><?cs var:Lang.Mail.Refund.Order ?>:</span> <?cs var:Mail.Order ?></p>
<p style="margin:0;"><span style="color:#4a5360;"><?cs var:Lang.Mail.Refund.Amount ?>:</span> <strong><?cs var:Mail.Amount ?> <?cs var:Mail.Currency ?></strong></p>
<p style="margin:0;"><span style="color:#4a5360;"><?cs var:Lang.Mail.Refund.Ref ?>:</span> <?cs var:Mail.Ref ?></p>
<?cs if:Mail.PaymentRef ?>
<p style="margin:0;"><span style="color:#4a5360;"><?cs var:Lang.Mail.Refund.Payment ?>:</span> <?cs var:Mail.PaymentRef ?></p>
<?cs /if ?>
</td></tr>
</table>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 24px;">
<tr><td style="border-radius:6px;background-color:#0b5a7f;"><a href="<?cs var:Mail.Link ?>" style="display:inline-block;padding:12px 24px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:6px;"><?cs var:Lang.Mail.Refund.Button ?></a></td></tr>
</table>
<p style="margin:0;"><?cs var:Lang.Mail.Signature ?></p>
<?cs include:"mail/html_foot.cs" ?>
