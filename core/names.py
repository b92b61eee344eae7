"""How a person is named to other people: by their name (刘敏), not their login name (liumin).
The one definition: installed as the User's __str__ (accounts.apps), so that audit trails,
revisions, foreign keys, select boxes, filters, the admin header and e-mails all say it."""


def person_name(user):
    """The name staff wrote: first_name holds the whole name (刘敏, as seed_demo and the user
    form have it); a surname in last_name goes in front, in Chinese order and without a space
    (刘 + 敏), unless first_name already starts with it. Without either, the login name, so that
    nobody is shown as nothing."""
    first_name = (user.first_name or "").strip()
    last_name = (user.last_name or "").strip()
    name = first_name if first_name.startswith(last_name) else last_name + first_name
    return name or user.get_username()
