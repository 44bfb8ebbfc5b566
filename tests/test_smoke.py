from tests.factories import make_event


def test_published_event_page_shows_its_title(client, db):
    event = make_event(title="No Kings rally")
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert "No Kings rally" in response.content.decode()
