import { ROLE_LABELS } from './format.ts';
import { Link } from './router.tsx';
import { homePath } from './routes.tsx';
import { useSession } from './session.tsx';
import { PageTitle } from './ui.tsx';

/** Shown instead of a screen the role may not open (the server would refuse its data anyway). */
export const Forbidden = ({ title }: { title: string }) => {
  const { me, can } = useSession();
  return (
    <section className="refusal">
      <PageTitle>You do not have access to this page</PageTitle>
      <p>
        “{title}” is not part of the {ROLE_LABELS[me.user.role] ?? me.user.role} role. If your work needs it, ask an administrator to change your role.
      </p>
      <p>
        <Link to={homePath(can)}>Go to your start page</Link>
      </p>
    </section>
  );
};

export const NotFound = () => {
  const { can } = useSession();
  return (
    <section className="refusal">
      <PageTitle>Page not found</PageTitle>
      <p>There is no page at this address. Check the link, or use the menu to find what you need.</p>
      <p>
        <Link to={homePath(can)}>Go to your start page</Link>
      </p>
    </section>
  );
};
