// A PDF attachment where an image or video would show its picture: a card naming the file,
// as LinkedIn shows a document post before it is opened.
export function DocumentCard({ fileName, className = 'thumbnail' }: { fileName: string; className?: string }) {
  return (
    <span className={`${className} document-card`} role="img" aria-label={`PDF document: ${fileName}`}>
      <span className="document-card-type" aria-hidden="true">
        PDF
      </span>
      <span className="document-card-name">{fileName}</span>
    </span>
  );
}
