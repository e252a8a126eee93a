import { EventsView } from '../../components/events-view';

export default function TicketsPage() {
  return <EventsView ticketsOnly />;
}
