"""Knowledge newsie does not ship: the user's own lexicons."""
