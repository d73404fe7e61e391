<?cs include:"layout_head.cs" ?><?cs
# GET /cart: the visitor's holds, one block per event, each with its countdown, a release form and a
# checkout form. The countdown is server text (SecondsLeft); nginx/static/cart.js ticks it down and,
# at zero, says the hold expired and disables the pay button. Checkout.Idem makes a double submit
# buy once. Guest fields are Form.name/email/phone with Errors.name/email/phone. ?>
<h1 class="page-title"><?cs var:Lang.Shop.cart_heading ?></h1><?cs
if:Errors.checkout ?>
<div class="alert alert-error" id="checkout-err" role="alert"><p><?cs var:Errors.checkout ?></p></div><?cs
/if ?><?cs
if:!Cart.0.EventId ?>
<div class="empty">
  <p class="empty-title"><?cs var:Lang.Shop.cart_empty ?></p>
  <p><?cs var:Lang.Shop.cart_empty_hint ?></p>
  <p><a class="btn btn-primary" href="/"><?cs var:Lang.Shop.to_events ?></a></p>
</div><?cs
else ?>
<div class="cart"><?cs
each:c = Cart ?><?cs
  set:ev = c.EventId ?><?cs
  set:mine = !Form.event_id || Form.event_id == c.EventId ?>
  <section class="panel cart-event" aria-labelledby="cart-ev-<?cs var:ev ?>">
    <div class="cart-head">
      <h2 id="cart-ev-<?cs var:ev ?>"><a href="/events/<?cs var:url_escape(ev) ?>"><?cs var:c.EventName ?></a></h2>
      <p class="cart-when"><?cs var:c.StartsLocal ?></p>
    </div>
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
          </tr>
        </thead>
        <tbody><?cs
        each:it = c.Items ?>
          <tr>
            <th scope="row" data-label="<?cs var:Lang.Shop.col_ticket ?>"><?cs if:it.Label ?><?cs var:it.Label ?><?cs else ?><?cs var:Lang.Shop.general_admission ?><?cs /if ?></th>
            <td data-label="<?cs var:Lang.Shop.col_category ?>"><?cs var:it.Category ?></td>
            <td data-label="<?cs var:Lang.Shop.col_quantity ?>" class="num"><?cs var:it.Quantity ?></td>
            <td data-label="<?cs var:Lang.Shop.col_price ?>" class="num nowrap"><?cs var:it.Price ?> <?cs call:currency(c.Currency) ?></td>
          </tr><?cs
        /each ?>
        </tbody>
      </table>
    </div>
    <p class="cart-total"><?cs var:Lang.Shop.total ?> <strong class="nowrap"><?cs var:c.Total ?> <?cs call:currency(c.Currency) ?></strong></p>

    <form method="post" action="/cart/checkout" class="form checkout-form">
      <?cs call:csrf() ?>
      <input type="hidden" name="event_id" value="<?cs var:ev ?>">
      <?cs # One key per page and event: a double submit of this form repeats it, another event's form does not. ?>
      <input type="hidden" name="idem" value="<?cs var:Checkout.Idem ?>-<?cs var:ev ?>"><?cs
      if:Checkout.Guest == "1" ?>
      <fieldset class="form-group guest-fields">
        <legend><?cs var:Lang.Shop.guest_heading ?></legend>
        <p class="hint hint-block" id="guest-hint-<?cs var:ev ?>"><?cs var:Lang.Shop.guest_note ?> <a href="/login?next=<?cs var:url_escape("/cart") ?>"><?cs var:Lang.Shop.sign_in_instead ?></a></p>
        <div class="field">
          <label for="name-<?cs var:ev ?>"><?cs var:Lang.Shop.guest_name ?></label>
          <input type="text" id="name-<?cs var:ev ?>" name="name" value="<?cs var:Form.name ?>" required maxlength="200" autocomplete="name"<?cs if:mine ?><?cs call:described("name-" + ev, "name", "") ?><?cs /if ?>>
          <?cs if:mine ?><?cs call:field_error("name-" + ev, "name") ?><?cs /if ?>
        </div>
        <div class="field">
          <label for="email-<?cs var:ev ?>"><?cs var:Lang.Auth.email ?></label>
          <input type="email" id="email-<?cs var:ev ?>" name="email" value="<?cs var:Form.email ?>" required maxlength="254" autocomplete="email" spellcheck="false"<?cs if:mine ?><?cs call:described("email-" + ev, "email", "email-hint-" + ev) ?><?cs else ?> aria-describedby="email-hint-<?cs var:ev ?>"<?cs /if ?>>
          <p class="hint" id="email-hint-<?cs var:ev ?>"><?cs var:Lang.Shop.guest_email_hint ?></p>
          <?cs if:mine ?><?cs call:field_error("email-" + ev, "email") ?><?cs /if ?>
        </div>
        <div class="field">
          <label for="phone-<?cs var:ev ?>"><?cs var:Lang.Shop.guest_phone ?></label>
          <input type="tel" id="phone-<?cs var:ev ?>" name="phone" value="<?cs var:Form.phone ?>" required maxlength="40" autocomplete="tel" inputmode="tel"<?cs if:mine ?><?cs call:described("phone-" + ev, "phone", "") ?><?cs /if ?>>
          <?cs if:mine ?><?cs call:field_error("phone-" + ev, "phone") ?><?cs /if ?>
        </div>
      </fieldset><?cs
      /if ?><?cs
      if:Checkout.NeedVerify == "1" ?>
      <div class="alert alert-info"><p><?cs var:Lang.Shop.needs_verified ?></p></div><?cs
      else ?><?cs
        if:Checkout.Card == "1" && c.Total != "0" ?>
      <div class="field">
        <label for="card-<?cs var:ev ?>"><?cs var:Lang.Shop.card ?></label>
        <input type="text" id="card-<?cs var:ev ?>" name="card" value="" required maxlength="23" autocomplete="cc-number" inputmode="numeric" spellcheck="false"<?cs if:mine ?><?cs call:described("card-" + ev, "card", "card-hint-" + ev) ?><?cs else ?> aria-describedby="card-hint-<?cs var:ev ?>"<?cs /if ?>>
        <p class="hint" id="card-hint-<?cs var:ev ?>"><?cs var:Lang.Shop.card_hint ?></p>
        <?cs if:mine ?><?cs call:field_error("card-" + ev, "card") ?><?cs /if ?>
      </div><?cs
        else ?>
      <p class="pay-note"><?cs var:Lang.Shop.pay_free ?></p><?cs
        /if ?>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" data-pay<?cs if:#c.SecondsLeft <= 0 ?> disabled<?cs /if ?>><?cs
        if:Checkout.Card == "1" && c.Total != "0" ?><?cs var:Lang.Shop.pay ?> <span class="nowrap"><?cs var:c.Total ?> <?cs call:currency(c.Currency) ?></span><?cs
        else ?><?cs var:Lang.Shop.confirm_order ?><?cs
        /if ?></button>
      </div><?cs
      /if ?>
    </form>

    <form method="post" action="/cart/release" class="release-form">
      <?cs call:csrf() ?>
      <input type="hidden" name="event_id" value="<?cs var:ev ?>">
      <button type="submit" class="btn btn-small btn-danger-quiet"><?cs var:Lang.Shop.release ?></button>
    </form>
  </section><?cs
/each ?>
</div><?cs
/if ?>
<script src="/static/cart.js?v=<?cs var:url_escape(Site.AssetVersion) ?>" defer></script>
<?cs include:"layout_foot.cs" ?>
