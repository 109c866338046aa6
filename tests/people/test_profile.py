"""/me/profile/: skills, capacity, regions, what is public."""

from tests import factories


def test_profile_requires_login(client, db):
    response = client.get("/me/profile/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_profile_defaults_to_four_hours_for_a_new_account(client, db):
    user = factories.UserFactory()
    client.force_login(user)
    page = client.get("/me/profile/").content.decode()
    assert 'name="weekly_capacity_hours" value="4"' in page
    assert "Your e-mail address is never shown" in page


def test_profile_saves_skills_capacity_regions_and_name(client, db):
    user = factories.UserFactory()
    skill, region = factories.SkillFactory(), factories.RegionFactory()
    client.force_login(user)
    response = client.post("/me/profile/", {
        "display_name": "Robin", "weekly_capacity_hours": "6", "bio": "Likes maps",
        "skills": [skill.pk], "regions": [region.pk], "show_in_reports": "on"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.show_in_reports) == ("Robin", True)
    assert user.profile.weekly_capacity_hours == 6
    assert list(user.profile.skills.all()) == [skill]
    assert list(user.profile.regions.all()) == [region]


def test_raising_capacity_lets_the_burnout_guard_pass(client, db):
    from roles import services

    user = factories.ProfileFactory(weekly_capacity_hours=2).user
    services.claim_role(role=factories.RoleFactory(hours_per_week=2), volunteer=user)
    role = factories.RoleFactory(hours_per_week=2)
    client.force_login(user)
    refused = client.post(f"/roles/{role.pk}/claim/", follow=True).content.decode()
    assert "you hold 2 h of your 2 h a week" in refused
    client.post("/me/profile/", {"weekly_capacity_hours": "4"})
    page = client.post(f"/roles/{role.pk}/claim/", follow=True).content.decode()
    assert "The role is yours" in page


def test_email_is_never_shown_to_others(client, db):
    from roles import services

    role = factories.RoleFactory(seats=2)
    doer = factories.ProfileFactory(user__email="secret-person@example.org").user
    claim = services.claim_role(role=role, volunteer=doer)
    services.claim_complete(claim=claim, volunteer=doer)
    peer = factories.ProfileFactory().user
    services.claim_role(role=role, volunteer=peer)
    client.force_login(peer)
    for url in ("/me/", f"/roles/{role.pk}/", "/roles/", role.initiative.get_absolute_url()):
        assert "secret-person@example.org" not in client.get(url).content.decode()


def test_privacy_links_appear_only_when_those_urls_exist(client, db):
    client.force_login(factories.UserFactory())
    page = client.get("/me/profile/").content.decode()
    # the profile links to the privacy pages only where their URL names exist
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("privacy_export")
    except NoReverseMatch:
        assert "Download my data" not in page
    else:
        assert "Download my data" in page
