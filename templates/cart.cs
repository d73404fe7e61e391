<?cs include:"layout_head.cs" ?><?cs
# GET /cart: one order form for the whole cart (issue 13): a block per event with its countdown and a
# remove button per line, the guest's details and the card once, one grand total and one button.
# Behind it each event is its own order (pages/shop.c h_cart_checkout). The remove buttons post this
# form to /cart/release (formaction, formnovalidate), so no form is nested and it works without JS.
# The countdown is server text (SecondsLeft); nginx/static/cart.js ticks it down. Checkout.Idem makes
# a double submit buy once. Errors: Errors.name/email/phone/card (fields) and Errors.Events.<id> (an
# event that could not be bought), all listed in the summary on top with links. ?>
<h1 class="page-title"><?cs var:Lang.Shop.cart_heading ?></h1><?cs
if:Errors.name || Errors.email || Errors.phone || Errors.card || Errors.checkout ?>
<div class="alert alert-error error-summary" id="checkout-err" role="alert" tabindex="-1">
  <h2 class="error-summary-title"><?cs var:Lang.Shop.errors_heading ?></h2>
  <ul><?cs
  each:c = Cart ?><?cs
    if:Errors.Events[c.EventId] ?>
    <li><a href="#cart-ev-<?cs var:c.EventId ?>"><?cs var:c.EventName ?>: <?cs var:Errors.Events[c.EventId] ?></a></li><?cs
    /if ?><?cs
  /each ?><?cs
  each:o = Errors.Other ?>
    <li><?cs var:o ?></li><?cs
  /each ?><?cs
  if:Errors.name ?>
    <li><a href="#name"><?cs var:Lang.Shop.guest_name ?>: <?cs var:Errors.name ?></a></li><?cs
  /if ?><?cs
  if:Errors.email ?>
    <li><a href="#email"><?cs var:Lang.Auth.email ?>: <?cs var:Errors.email ?></a></li><?cs
  /if ?><?cs
  if:Errors.phone ?>
    <li><a href="#phone"><?cs var:Lang.Shop.guest_phone ?>: <?cs var:Errors.phone ?></a></li><?cs
  /if ?><?cs
  if:Errors.card ?>
    <li><a href="#card"><?cs var:Lang.Shop.card ?>: <?cs var:Errors.card ?></a></li><?cs
  /if ?>
  </ul>
</div><?cs
/if ?><?cs
if:!Cart.0.EventId ?>
<div class="empty">
  <p class="empty-title"><?cs var:Lang.Shop.cart_empty ?></p>
  <p><?cs var:Lang.Shop.cart_empty_hint ?></p>
  <p><a class="btn btn-primary" href="/"><?cs var:Lang.Shop.to_events ?></a></p>
</div><?cs
else ?>
<form method="post" action="/cart/checkout" class="form cart checkout-form" id="checkout">
  <?cs call:csrf() ?>
  <?cs # One key per page; the server adds the event to it, so a double submit repeats each order once. ?>
  <input type="hidden" name="idem" value="<?cs var:Checkout.Idem ?>"><?cs
each:c = Cart ?><?cs
  set:ev = c.EventId ?>
  <input type="hidden" name="event_id" value="<?cs var:ev ?>">
  <section class="panel cart-event<?cs if:Errors.Events[ev] ?> cart-event-error<?cs /if ?>" aria-labelledby="cart-ev-<?cs var:ev ?>">
    <div class="cart-head">
      <h2 id="cart-ev-<?cs var:ev ?>" tabindex="-1"><a href="/events/<?cs var:url_escape(ev) ?>"><?cs var:c.EventName ?></a></h2>
      <p class="cart-when"><?cs var:c.StartsLocal ?></p>
    </div><?cs
    if:Errors.Events[ev] ?>
    <p class="field-error" id="cart-ev-<?cs var:ev ?>-err"><?cs var:Errors.Events[ev] ?></p><?cs
    /if ?>
    <p class="hold-timer<?cs if:#c.SecondsLeft <= 0 ?> hold-timer-out<?cs /if ?>" data-seconds="<?cs var:c.SecondsLeft ?>" data-expired="<?cs var:Lang.Err.hold_expired ?>" data-again="<?cs var:Lang.Shop.choose_again ?>"><?cs
    if:#c.SecondsLeft > 0 ?>
      <span class="hold-timer-text"><?cs var:Lang.Shop.held_for ?> <strong class="hold-clock" role="timer"><?cs var:#c.SecondsLeft / 60 ?>:<?cs if:#c.SecondsLeft % 60 < 10 ?>0<?cs /if ?><?cs var:#c.SecondsLeft % 60 ?></strong></span><?cs
    else ?>
      <span class="hold-timer-text"><?cs var:Lang.Err.hold_expired ?> <a href="/events/<?cs var:url_escape(ev) ?>"><?cs var:Lang.Shop.choose_again ?></a></span><?cs
    /if ?>
    </p>
    <div class="table-wrap cart-items-wrap">
      <table class="table table-stack cart-items">
        <caption class="visually-hidden"><?cs var:Lang.Shop.items ?>: <?cs var:c.EventName ?></caption>
        <thead>
          <tr>
            <th scope="col"><?cs var:Lang.Shop.col_ticket ?></th>
            <th scope="col"><?cs var:Lang.Shop.col_category ?></th>
            <th scope="col" class="num"><?cs var:Lang.Shop.col_quantity ?></th>
            <th scope="col" class="num"><?cs var:Lang.Shop.col_price ?></th>
            <th scope="col"><span class="visually-hidden"><?cs var:Lang.Shop.remove_item ?></span></th>
          </tr>
        </thead>
        <tbody><?cs
        each:it = c.Items ?>
          <tr>
            <th scope="row" data-label="<?cs var:Lang.Shop.col_ticket ?>"><?cs if:it.Label ?><?cs var:it.Label ?><?cs else ?><?cs var:Lang.Shop.general_admission ?><?cs /if ?></th>
            <td data-label="<?cs var:Lang.Shop.col_category ?>"><?cs if:it.CategoryName ?><?cs var:it.CategoryName ?><?cs else ?><?cs var:it.Category ?><?cs /if ?></td>
            <td data-label="<?cs var:Lang.Shop.col_quantity ?>" class="num"><?cs var:it.Quantity ?></td>
            <td data-label="<?cs var:Lang.Shop.col_price ?>" class="num nowrap"><?cs var:it.Price ?> <?cs call:currency(c.Currency) ?></td>
            <td class="cart-remove"><button type="submit" class="btn btn-small btn-danger-quiet" formaction="/cart/release" formnovalidate name="remove" value="<?cs var:ev ?>:<?cs var:it.HoldId ?>"><?cs var:Lang.Shop.remove_item ?><span class="visually-hidden">: <?cs if:it.Label ?><?cs var:it.Label ?><?cs else ?><?cs var:Lang.Shop.general_admission ?><?cs /if ?></span></button></td>
          </tr><?cs
        /each ?>
        </tbody>
      </table>
    </div>
    <p class="cart-total"><?cs var:Lang.Shop.total ?> <strong class="nowrap"><?cs var:c.Total ?> <?cs call:currency(c.Currency) ?></strong></p>
  </section><?cs
/each ?><?cs
  if:Checkout.Guest == "1" ?>
  <fieldset class="panel form-group guest-fields">
    <legend><?cs var:Lang.Shop.guest_heading ?></legend>
    <p class="hint hint-block" id="guest-hint"><?cs var:Lang.Shop.guest_note ?> <a href="/login?next=<?cs var:url_escape("/cart") ?>"><?cs var:Lang.Shop.sign_in_instead ?></a> · <a href="/register?next=<?cs var:url_escape("/cart") ?>"><?cs var:Lang.Auth.register_link ?></a></p>
    <div class="field">
      <label for="name"><?cs var:Lang.Shop.guest_name ?></label>
      <input type="text" id="name" name="name" value="<?cs var:Form.name ?>" required maxlength="200" autocomplete="name"<?cs call:described("name", "name", "") ?>>
      <?cs call:field_error("name", "name") ?>
    </div>
    <div class="field">
      <label for="email"><?cs var:Lang.Auth.email ?></label>
      <input type="email" id="email" name="email" value="<?cs var:Form.email ?>" required maxlength="254" autocomplete="email" spellcheck="false"<?cs call:described("email", "email", "email-hint") ?>>
      <p class="hint" id="email-hint"><?cs var:Lang.Shop.guest_email_hint ?></p>
      <?cs call:field_error("email", "email") ?>
    </div>
    <div class="field">
      <label for="phone"><?cs var:Lang.Shop.guest_phone ?></label>
      <input type="tel" id="phone" name="phone" value="<?cs var:Form.phone ?>" required maxlength="40" autocomplete="tel" inputmode="tel"<?cs call:described("phone", "phone", "") ?>>
      <?cs call:field_error("phone", "phone") ?>
    </div>
  </fieldset><?cs
  else ?>
  <div class="panel checkout-to">
    <p><?cs var:Lang.Shop.tickets_to ?> <strong class="nowrap"><?cs var:Checkout.Email ?></strong></p><?cs
    if:Checkout.Unconfirmed == "1" ?>
    <p class="hint hint-block" id="unconfirmed-note"><?cs var:Lang.Shop.unconfirmed_note ?> <a href="/account"><?cs var:Lang.Nav.account ?></a></p><?cs
    /if ?>
  </div><?cs
  /if ?>
  <div class="panel checkout-pay">
    <p class="cart-total cart-grand-total"><?cs var:Lang.Shop.grand_total ?> <?cs
    each:t = Totals ?><?cs if:name(t) != "0" ?> + <?cs /if ?><strong class="nowrap"><?cs var:t.Amount ?> <?cs call:currency(t.Currency) ?></strong><?cs /each ?></p><?cs
    if:Checkout.Card == "1" && Checkout.ToPay == "1" ?>
    <div class="field">
      <label for="card"><?cs var:Lang.Shop.card ?></label>
      <input type="text" id="card" name="card" value="" required maxlength="23" autocomplete="cc-number" inputmode="numeric" spellcheck="false"<?cs call:described("card", "card", "card-hint") ?>>
      <p class="hint" id="card-hint"><?cs var:Lang.Shop.card_hint ?></p>
      <?cs call:field_error("card", "card") ?>
    </div><?cs
    else ?>
    <p class="pay-note"><?cs var:Lang.Shop.pay_free ?></p><?cs
    /if ?>
    <div class="form-actions">
      <button type="submit" class="btn btn-primary" data-pay><?cs
      if:Checkout.Card == "1" && Checkout.ToPay == "1" ?><?cs var:Lang.Shop.pay ?><?cs each:t = Totals ?><?cs if:name(t) != "0" ?> +<?cs /if ?> <span class="nowrap"><?cs var:t.Amount ?> <?cs call:currency(t.Currency) ?></span><?cs /each ?><?cs
      else ?><?cs var:Lang.Shop.confirm_order ?><?cs
      /if ?></button>
    </div>
  </div>
</form><?cs
/if ?>
<script src="/static/cart.js?v=<?cs var:url_escape(Site.AssetVersion) ?>" defer></script>
<?cs include:"layout_foot.cs" ?>
