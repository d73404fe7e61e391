<?cs # Shared macros. Included once by layout_head.cs, so every page can call them. ?><?cs
# Hidden CSRF token: goes into every POST form. ?><?cs
def:csrf() ?><input type="hidden" name="csrf" value="<?cs var:Csrf ?>"><?cs /def ?><?cs

# Attributes tying an input to its hint (id HINT, if not empty) and its error (id ID-err).
# ERR is the key under Errors; the error text itself is printed by field_error(). ?><?cs
def:described(id, err, hint) ?><?cs
  if:Errors[err] ?> aria-invalid="true" aria-describedby="<?cs if:hint ?><?cs var:hint ?> <?cs /if ?><?cs var:id ?>-err"<?cs
  elif:hint ?> aria-describedby="<?cs var:hint ?>"<?cs
  /if ?><?cs
/def ?><?cs

def:field_error(id, err) ?><?cs
  if:Errors[err] ?><p class="field-error" id="<?cs var:id ?>-err"><?cs var:Errors[err] ?></p><?cs /if ?><?cs
/def ?><?cs

# Form-level error (Errors.form), announced at once. ?><?cs
def:form_error() ?><?cs
  if:Errors.form ?><div class="alert alert-error" id="form-error" role="alert"><p><?cs var:Errors.form ?></p></div><?cs /if ?><?cs
/def ?><?cs

# Availability badge for an event node (list item or Event). ?><?cs
def:availability(ev) ?><?cs
  if:ev.Availability == "last" ?><span class="badge badge-last"><?cs var:Lang.Availability.last ?> <?cs var:ev.AvailabilityLeft ?></span><?cs
  elif:ev.Availability == "full" ?><span class="badge badge-full"><?cs var:Lang.Availability.full ?></span><?cs
  elif:ev.Availability == "held" ?><span class="badge badge-held"><?cs var:Lang.Availability.held ?> <?cs var:ev.AvailabilityLeft ?> <?cs var:Lang.Availability.held_after ?></span><?cs
  elif:ev.Availability == "cancelled" ?><span class="badge badge-cancelled"><?cs var:Lang.Availability.cancelled ?></span><?cs
  elif:ev.Availability == "available" ?><span class="badge badge-available"><?cs var:Lang.Availability.available ?></span><?cs
  /if ?><?cs
/def ?><?cs

# Currency: a symbol from Lang.Currency when we have one, else the ISO code. ?><?cs
def:currency(code) ?><?cs
  if:Lang.Currency[code] ?><?cs var:Lang.Currency[code] ?><?cs else ?><?cs var:code ?><?cs /if ?><?cs
/def ?><?cs

def:price_from(ev) ?><?cs
  if:ev.Free ?><span class="price-free"><?cs var:Lang.Event.free ?></span><?cs
  elif:ev.PriceFrom ?><?cs
    if:Lang.Event.price_from ?><?cs var:Lang.Event.price_from ?> <?cs /if ?><span class="nowrap"><?cs var:ev.PriceFrom ?> <?cs call:currency(ev.Currency) ?></span><?cs
    if:Lang.Event.price_from_after ?> <?cs var:Lang.Event.price_from_after ?><?cs /if ?><?cs
  /if ?><?cs
/def ?><?cs

# Duration in minutes as "2 h 30 min". ?><?cs
def:duration(min) ?><?cs
  if:#min >= 60 ?><?cs var:#min / 60 ?> <?cs var:Lang.Event.hours ?><?cs
    if:#min % 60 ?> <?cs var:#min % 60 ?> <?cs var:Lang.Event.minutes ?><?cs /if ?><?cs
  else ?><?cs var:#min ?> <?cs var:Lang.Event.minutes ?><?cs
  /if ?><?cs
/def ?><?cs

# An event's lifecycle status (draft, published, cancelled, completed) as a badge. ?><?cs
def:status_badge(status) ?><span class="badge<?cs
  if:status == "published" ?> badge-available<?cs
  elif:status == "draft" ?> badge-last<?cs
  elif:status == "cancelled" ?> badge-cancelled<?cs
  /if ?>"><?cs if:Lang.Status[status] ?><?cs var:Lang.Status[status] ?><?cs else ?><?cs var:status ?><?cs /if ?></span><?cs
/def ?><?cs

# Tickets sold of capacity: the numbers, and a gauge that repeats them for the eye. ?><?cs
def:sold_meter(sold, capacity) ?><span class="sold"><span class="sold-figures"><?cs var:sold ?> / <?cs var:capacity ?></span><?cs
  if:#capacity > 0 ?><meter class="sold-meter" min="0" max="<?cs var:capacity ?>" value="<?cs var:sold ?>" aria-hidden="true"></meter><?cs /if ?></span><?cs
/def ?>