import { Wallboard } from '@/components/wallboard/wallboard';

export default function WallboardPage() {
  return <Wallboard />;
}
