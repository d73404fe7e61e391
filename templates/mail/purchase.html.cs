<?cs set:Mail.Title = Lang.Mail.Purchase.Subject ?><?cs include:"mail/html_head.cs" ?>
<p style="margin:0 0 16px;"><?cs var:Lang.Mail.Greeting ?><?cs if:Mail.Name ?>, <?cs var:Mail.Name ?><?cs /if ?>!</p>
<p style="margin:0 0 20px;"><?cs var:Lang.Mail.Purchase.Body ?></p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 20px;background-color:#e3f0f6;border-left:5px solid #0b5a7f;border-radius:6px;">
<tr><td style="padding:14px 18px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1f24;">
<p style="margin:0 0 6px;font-size:18px;font-weight:bold;color:#0b5a7f;"><?cs var:Mail.Event ?></p>
<p style="margin:0;"><span style="color:#4a5360;"><?cs var:Lang.Mail.Purchase.When ?>:</span> <?cs var:Mail.When ?></p><?cs
if:Mail.Venue ?>
<p style="margin:0;"><span style="color:#4a5360;"><?cs var:Lang.Mail.Purchase.Venue ?>:</span> <?cs var:Mail.Venue ?><?cs if:Mail.Address ?>, <?cs var:Mail.Address ?><?cs /if ?></p><?cs
/if ?>
<p style="margin:0;"><span style="color:#4a5360;"><?cs var:Lang.Mail.Purchase.Order ?>:</span> <?cs var:Mail.Order ?></p>
<p style="margin:0;"><span style="color:#4a5360;"><?cs var:Lang.Mail.Purchase.Total ?>:</span> <strong style="white-space:nowrap;"><?cs var:Mail.Total ?> <?cs if:Lang.Currency[Mail.Currency] ?><?cs var:Lang.Currency[Mail.Currency] ?><?cs else ?><?cs var:Mail.Currency ?><?cs /if ?></strong></p><?cs
if:Mail.Receipt.Amount ?>
<p style="margin:0;"><span style="color:#4a5360;"><?cs var:Lang.Mail.Receipt.Paid ?>:</span> <?cs var:Mail.Receipt.Amount ?> <?cs var:Mail.Receipt.Currency ?></p><?cs
if:Mail.Receipt.Ref ?>
<p style="margin:0;"><span style="color:#4a5360;"><?cs var:Lang.Mail.Receipt.Ref ?>:</span> <?cs var:Mail.Receipt.Ref ?></p><?cs
/if ?><?cs
/if ?>
</td></tr>
</table>
<p style="margin:0 0 8px;font-weight:bold;"><?cs var:Lang.Mail.Purchase.Tickets ?></p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 20px;border:1px solid #dde1e6;border-radius:6px;"><?cs
each:t = Mail.Tickets ?>
<tr><?cs
if:t.Cid ?><td width="148" style="padding:12px 0 12px 16px;border-bottom:1px solid #dde1e6;vertical-align:top;"><img src="cid:<?cs var:t.Cid ?>" width="132" height="132" alt="<?cs var:Lang.Mail.Purchase.QrAlt ?> <?cs var:t.Code ?>" style="display:block;width:132px;height:132px;border:0;"></td><?cs
/if ?><td style="padding:12px 16px;border-bottom:1px solid #dde1e6;vertical-align:top;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1f24;">
<p style="margin:0;font-family:ui-monospace,Menlo,Consolas,'Liberation Mono',monospace;font-size:18px;font-weight:bold;letter-spacing:.05em;white-space:nowrap;"><?cs var:t.Code ?></p><?cs
if:t.Seat ?>
<p style="margin:0;color:#4a5360;"><?cs var:t.Seat ?></p><?cs
/if ?><?cs
if:t.Price ?>
<p style="margin:0;color:#4a5360;"><?cs if:t.Category && t.Category != "GA" ?><?cs if:t.CategoryName ?><?cs var:t.CategoryName ?><?cs else ?><?cs var:Lang.Mail.Purchase.Category ?> <?cs var:t.Category ?><?cs /if ?> · <?cs /if ?><span style="white-space:nowrap;"><?cs var:t.Price ?> <?cs if:Lang.Currency[Mail.Currency] ?><?cs var:Lang.Currency[Mail.Currency] ?><?cs else ?><?cs var:Mail.Currency ?><?cs /if ?></span></p><?cs
/if ?>
<p style="margin:4px 0 0;"><a href="<?cs var:t.Link ?>" style="color:#0b5a7f;"><?cs var:Lang.Mail.Purchase.Open ?></a></p>
</td></tr><?cs
/each ?>
</table>
<p style="margin:0 0 16px;font-size:14px;color:#4a5360;"><?cs var:Lang.Mail.Purchase.Attached ?></p>
<p style="margin:0 0 16px;font-size:14px;color:#4a5360;"><?cs var:Lang.Mail.Purchase.Calendar ?></p>
<p style="margin:0 0 24px;"><?cs var:Lang.Mail.Purchase.Door ?></p>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 24px;">
<tr><td style="border-radius:6px;background-color:#0b5a7f;"><a href="<?cs var:Mail.Link ?>" style="display:inline-block;padding:12px 24px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:6px;"><?cs var:Lang.Mail.Purchase.Button ?></a></td></tr>
</table>
<p style="margin:0;"><?cs var:Lang.Mail.Signature ?></p>
<?cs include:"mail/html_foot.cs" ?>
