def shout(text):
    return text.upper() + "!"


def initials(name):
    parts = [part for part in name.split() if part]
    if not parts:
        return ""
    return "".join(part[0].upper() for part in parts)


def never_tested(text):
    if text:
        return text[::-1]
    return None
